"""policykg.kg: records to an RDF knowledge graph, its store, search, answers, traces and exports."""
