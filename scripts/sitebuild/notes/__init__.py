"""The "notes" plugin: lectures, their figures, widgets and facts, from gdcore."""
