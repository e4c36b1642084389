"""Hand-written peers of the generated models, the same shape for the same payloads:
msgspec Structs (``msgspec_models``) and mashumaro dataclasses
(``mashumaro_models``).  Their enums are shared (``enums``), `str` enums like the
generated ones."""
