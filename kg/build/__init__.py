"""Building and changing a knowledge base: records to a document's graph, the plan hierarchy, audit links,
validation, the worker processes, build/add/remove and migration, and the read queries over what is held."""
