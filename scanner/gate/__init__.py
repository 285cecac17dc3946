"""CI gating of papers and drafts: policies, waivers, traced numbers, CI outputs.

* :mod:`scanner.gate.policy`: the TOML policy file (validated before the scan runs).
* :mod:`scanner.gate.evidence`: ``--evidence DIR``: numbers that must trace to result files.
* :mod:`scanner.gate.evaluate`: a policy applied to a scan -> checks with reasons.
* :mod:`scanner.gate.outputs`: GitHub annotations, SARIF 2.1.0, JUnit XML, Markdown summary.
* :mod:`scanner.gate.cli`: the ``--policy``/``--evidence``/output flags of ``scan``.
"""
