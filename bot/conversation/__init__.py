"""The conversation: the pure engine, the orchestrator that saves state, and reply composition."""
