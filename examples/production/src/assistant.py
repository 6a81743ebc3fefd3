def answer(question: str) -> str:
    """Draft an answer with citations."""
    raise NotImplementedError
