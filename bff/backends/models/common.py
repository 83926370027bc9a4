"""What every upstream system's answers share: the frozen base struct, postal addresses, the bulk
envelope `{"items": [...]}`, and the one decoder per type that reads them."""

from __future__ import annotations

from functools import cache
from typing import Any, Generic, TypeVar, get_origin

import msgspec
from pydantic import GetCoreSchemaHandler
from pydantic_core import core_schema


class UpstreamModel(msgspec.Struct, frozen=True, gc=False):
    """msgspec, not pydantic: decoding upstream answers was a fifth of the BFF's CPU. Unknown fields are
    ignored. `gc=False`: an answer decoded from JSON holds no cycles, so the collector need not track
    its structs. The pydantic hooks are for the simulator only, whose FastAPI knows pydantic types."""

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, _handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        struct = get_origin(source) or source  # `Page[Contract]` is an instance of `Page`

        def validate(value: Any) -> Any:
            if isinstance(value, struct):
                return value
            try:
                return msgspec.convert(value, source)
            except msgspec.ValidationError as error:
                raise ValueError(str(error)) from None  # FastAPI's 422 for a request body

        return core_schema.no_info_plain_validator_function(
            validate,
            serialization=core_schema.plain_serializer_function_ser_schema(msgspec.to_builtins),
            metadata={"pydantic_js_functions": [lambda _schema, _handler: _json_schema(source)]},
        )


def _json_schema(kind: Any) -> Any:
    """msgspec's schema with its definitions inlined: the simulator's OpenAPI documents the contract."""
    schema = msgspec.json.schema(kind)
    definitions = schema.pop("$defs", {})
    return _inlined(schema, definitions)


def _inlined(schema: Any, definitions: dict[str, Any]) -> Any:
    if isinstance(schema, list):
        return [_inlined(item, definitions) for item in schema]
    if not isinstance(schema, dict):
        return schema
    if "$ref" in schema:  # the contract has no recursive types
        return _inlined(definitions[schema["$ref"].rsplit("/", 1)[1]], definitions)
    return {key: _inlined(value, definitions) for key, value in schema.items()}


@cache
def decoder(kind: Any) -> msgspec.json.Decoder[Any]:
    """The JSON decoder of `kind` (`Page[Document]`, `list[Document]`, `Agent | None`), built once:
    building one compiles the type."""
    return msgspec.json.Decoder(kind)


class Address(UpstreamModel, frozen=True, kw_only=True):
    street: str
    house_number: str
    postal_code: str
    city: str
    country: str = "DE"  # ISO 3166-1 alpha-2
    federal_state: str | None = None  # ISO 3166-2 without "DE-" (e.g. "NW"), as the address database says


T = TypeVar("T")


class Page(UpstreamModel, Generic[T], frozen=True, kw_only=True):
    """Every bulk endpoint answers `{"items": [...]}` in no particular order."""

    items: list[T]
