"""Answer engines: ``rules`` (offline, default) and ``llm``; both return checked Answers."""
