"""The LLM engine's plumbing: client (only ``openai`` import), answer schemas, prompts, cost, cache.

The answerer that uses it lives in :mod:`scanner.answer.llm`; nothing here writes scan.json.
"""
