"""Channels: adapters that translate a channel's input in and send replies out (Telegram, terminal)."""
