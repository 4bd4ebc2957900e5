"""The local engine: an OpenAI-compatible server that LoRA-tunes and serves open models
on this computer (`tunedesk engine`). The app talks to it with the same `openai` SDK
client it uses for OpenAI."""
