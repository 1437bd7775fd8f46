"""The native half of eql: canonical JSON text in, canonical JSON text out.

Use the typed wrappers in :mod:`eql`; these are the exact, lossless forms
(instants and decimals stay strings as the core writes them).
"""

from typing import Any, Optional, final

__all__ = [
    "__version__",
    "CompiledModel",
    "ModelRegistry",
    "aggregate_json",
    "attribute_table",
    "attribute_json",
    "check_link_json",
    "classify_json",
    "dedup_key",
    "default_model_json",
    "lead_key_json",
    "merge_json",
    "model_json",
    "parse_url_json",
    "qualify_json",
    "stale_json",
    "validate_json",
    "build_report_json",
    "route_json",
    "route_batch_json",
    "sla_deadline_json",
    "sla_status_json",
    "partner_status_updates_json",
    "heuristic_models_json",
    "markov_model_json",
    "_panic_for_tests",
]

__version__: str

@final
class CompiledModel:
    """A validated scoring model, compiled once to score many leads."""

    def __new__(cls, model: str) -> CompiledModel: ...
    @property
    def id(self) -> str: ...
    @property
    def version(self) -> str: ...
    @property
    def fingerprint(self) -> str: ...
    def reads(self) -> list[str]: ...
    def model_json(self) -> str: ...
    def score_json(self, lead: str, as_of: str, allow_outside_window: bool = False) -> str: ...
    def score_table(
        self,
        table: Any,
        as_of: str,
        allow_outside_window: bool = False,
        explain: bool = False,
        allow_float: bool = False,
    ) -> Any:
        """A table (Arrow C stream) of results, one row per input row."""

@final
class ModelRegistry:
    """Scoring models by id and effective window."""

    def __new__(cls, models: list[str]) -> ModelRegistry: ...
    def in_force(self, id: str, at: str) -> CompiledModel: ...
    def versions(self) -> list[tuple[str, str]]: ...

def model_json(model: str) -> str: ...
def default_model_json() -> str: ...
def qualify_json(model: str, lead: str, as_of: str, allow_outside_window: bool = False) -> str: ...
def attribute_json(model: str, journey: str, options: str) -> str: ...
def aggregate_json(items: str, by: str) -> str: ...
def dedup_key(email: str, partner_id: Optional[str] = None) -> str: ...
def lead_key_json(lead: str) -> str: ...
def merge_json(leads_json: str) -> str: ...
def validate_json(leads_json: str, config: str) -> str: ...
def stale_json(leads_json: str, as_of: str, config: str) -> str: ...
def parse_url_json(url: str) -> str: ...
def classify_json(
    url: str,
    referrer: Optional[str] = None,
    registry_json: Optional[str] = None,
    rules_json: Optional[str] = None,
) -> str: ...
def check_link_json(registry_json: str, url: str, expected_partner: Optional[str] = None) -> str: ...
def attribute_table(
    touchpoints: Any,
    conversions: Any,
    model: str,
    options: str,
    journey_column: str = "journey_id",
    allow_float: bool = False,
) -> Any:
    """A table (Arrow C stream) with one row per touchpoint."""

def build_report_json(input_json: str) -> str: ...
def route_json(config_json: str, lead_json: str, state_json: Optional[str] = None) -> str: ...
def route_batch_json(config_json: str, leads_json: str, state_json: Optional[str] = None) -> str: ...
def sla_deadline_json(policy_json: str, started_at: str) -> str: ...
def sla_status_json(policy_json: str, started_at: str, as_of: str) -> str: ...
def partner_status_updates_json(events_json: str) -> str: ...
def heuristic_models_json(table_json: str) -> str: ...
def markov_model_json(table_json: str, order: int = 1) -> str: ...
def _panic_for_tests() -> None: ...
