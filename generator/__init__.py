"""mdcodegen: SDK markdown model docs -> a typed, dependency-free Python package.

The stages live one per module: ``sources`` (reading), ``parse`` (markdown),
``dialects`` (type notations), ``interpret`` (pages -> IR), ``resolve`` (links),
``lossy`` and ``overrides`` (what the docs lose), ``naming``, ``emit`` (templates
and black), ``output`` (safe writing), wired together by ``pipeline``.
"""

__version__ = "0.1.0"
