"""policykg.api: settings, the command line and the HTTP service (only its HTTP modules import FastAPI)."""
