"""Finding measures and answering questions: the tokenizer, the rows the index keeps (tantivy, only here), search,
reading a question, choosing and shaping the answer."""
