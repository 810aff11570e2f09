"""Renderers: results as text for people (Rich) and for programs (JSON, CSV…). Only here is Rich used."""
