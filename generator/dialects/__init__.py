"""SDK doc dialects: one module per dialect, each a table of notations and page
conventions (see ``base.Dialect``).

| dialect                | module                | reads                                              |
|------------------------|-----------------------|----------------------------------------------------|
| `ruby-sorbet`          | `ruby_sorbet.py`      | Speakeasy Ruby, `T.nilable(::String)`              |
| `ruby-crystalline`     | `ruby_crystalline.py` | Speakeasy Ruby 2026, `Crystalline::Nilable.new(...)` |
| `speakeasy-python`     | `python.py`           | `*Optional[str]*`, `List[[models.X](...)]`         |
| `speakeasy-typescript` | `typescript.py`       | `*string*`, `[components.X](...)[]`                |
| `speakeasy-go`         | `go.py`               | `` `*string` ``, `map[string][]T`                  |
| `speakeasy-java`       | `java.py`             | `Optional\\<String>`, `Map\\<String, T>`           |
| `speakeasy-csharp`     | `csharp.py`           | `List<T>`, `Dictionary<String, T>`                 |
| `speakeasy-php`        | `php.py`              | `?string`, `array<string, T>`                      |
| `openapi-python`       | `openapi_python.py`   | OpenAPI Generator `## Properties`, `**str**`       |

``wirenames.py`` recovers JSON names that a dialect's field names lost (PascalCase
Go and C#, snake_case Ruby); it runs in the resolve stage, where references are known.
"""

from .base import Dialect
from .registry import DIALECTS, detect, get

__all__ = ["DIALECTS", "Dialect", "detect", "get"]
