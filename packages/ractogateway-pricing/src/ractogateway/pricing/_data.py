"""Built-in list prices (USD per 1M tokens) of OpenAI, Anthropic and Google Gemini models.

Pure data with no imports, so that importing it costs next to nothing; the pricing code
(``ModelPricing``, ``DEFAULT_COST_TABLE``, ``compute_cost``) is built on top of it.

Each row of ``ENTRIES`` is one model id as the provider's API accepts and returns it (Gemini ids
without the ``models/`` prefix; dated snapshots and alias ids are rows of their own), with the
model's *first* known price (later prices are in ``CHANGES``):

* input, output: USD per 1,000,000 prompt and completion tokens (embedding models: output 0.0);
* cache read: USD per 1M cached-input tokens; cache write: USD per 1M tokens written to the
  prompt cache (Anthropic: the 5-minute write price; OpenAI: GPT-5.6 and later bill writes);
  ``None`` where the provider publishes no such price, so the input price applies;
* long cache write: USD per 1M tokens written to the cache with long retention: Anthropic's
  1-hour writes (genai-prices' ``cache_write_1h_mtok``, litellm's
  ``cache_creation_input_token_cost_above_1hr``), OpenAI's 12-hour writes (only litellm has
  them: ``cache_creation_input_token_cost_above_12hr``); ``None``: the write price applies;
* the date the row was checked, and the ``SOURCES`` key telling where the price comes from.

Context tiers (``TIERS``, model id -> ``Tier`` rows of its first price): providers bill with the
cliff model: when a call's total input (fresh + cache read + cache write) is *above* the
threshold, every token of the call is billed at the tier's rates. A ``Tier`` is (threshold in
input tokens, input, output, cache read, cache write, long cache write), ascending; each rate is
the tier's own (a rate that does not step up is repeated), ``None`` as in the row. genai-prices
has them as ``TieredPrices`` (``Tier.start`` = our threshold: it also bills a tier when the
total input is > ``start``); litellm as ``<cost field>_above_<N>k_tokens`` (threshold N * 1000).

Dated changes (``CHANGES``, model id -> ``Change`` rows, ascending): a ``Change`` is (first UTC
day, input, output, cache read, cache write, long cache write, its own tiers); from 00:00 UTC of
that day on it replaces the price before it, tiers included (an empty tiers tuple: no tiers from
then on). genai-prices has them as a list of ``ConditionalPrice`` with a
``StartDateConstraint``: its first price is the row, each later one a ``Change`` (a later price
that differs only in non-token prices, e.g. web search, is not a change here). litellm has no
dates: it lists the price current when it was released. Past changes stay, so old logs are
re-priced at the price of their day; scheduled ones are entered ahead of time.

Snapshots and aliases that the datasets map to the same model share the same tiers and changes
(constants such as ``_GPT_5_4``, defined once above ``TIERS`` and ``CHANGES``). No model has a reasoning-token price other than its output price in
either dataset (litellm's ``output_cost_per_reasoning_token`` equals the output price for every
id here), so the rows have no reasoning column: ``reasoning_per_million`` is None everywhere and
reasoning tokens bill as output.

Prices are the provider's own API list prices in the standard tier (not batch, flex, priority,
fast or regional uplifts: genai-prices' ``price_variants``, litellm's ``_batches``, ``_flex``,
``_priority`` ... fields). Retired models keep their last list price because logs still carry
their ids, and a snapshot priced unlike its base model (gpt-4o-2024-05-13) has its own price.

To update: take prices from the maintained public datasets, never from memory: the
``genai-prices`` package and the price map bundled in ``litellm``
(``model_prices_and_context_window_backup.json``, USD per token). Where they disagree prefer the
provider's current list price and say which you chose, and why, in a comment next to the row. A
new price of a model: add a ``Change`` on its first day (never overwrite the row); a new tier: a
``Tier`` row (both in a shared constant when several ids share them). Set the row's checked date
and ``CHECKED_ON`` to the day you checked, keep rows grouped by provider and family and the
columns aligned (``ENTRIES``, ``TIERS`` and ``CHANGES`` are excluded from ruff format).

``nox -s prices`` runs ``tools/check_prices.py``: it compares every row, its long write, tiers
and dated changes field by field with the installed genai-prices and litellm data, prices random
calls of many sizes and dates with ``compute_cost`` and with genai-prices' ``calc_price``,
prints each difference and each id a dataset lacks, and fails unless every difference is listed,
with its reason, in the script's ``EXPLAINED`` map.
"""

CHECKED_ON = "2026-12-07"

# Where each entry's price comes from; the key is an entry's last field.
SOURCES: dict[str, str] = {
    "openai": (
        "OpenAI API pricing page, standard tier, with its context tier and dated changes as "
        "genai-prices 0.2.5 has them; 12-hour cache writes from litellm 1.110.2; cross-checked "
        "with both (tools/check_prices.py lists the ids one of them lacks)"
    ),
    "anthropic": (
        "Anthropic API pricing page, standard tier, 5-minute and 1-hour cache writes, with its "
        "context tier and dated changes as genai-prices 0.2.5 has them; cross-checked with "
        "genai-prices 0.2.5 and litellm 1.110.2 (check_prices.py lists the ids one of them lacks)"
    ),
    "google": (
        "Gemini API pricing page (Google AI Studio), standard tier, with its context tier and "
        "dated changes as genai-prices 0.2.5 has them; cross-checked with genai-prices 0.2.5 and "
        "litellm 1.110.2 gemini/ entries (check_prices.py lists gaps)"
    ),
    "legacy": (
        "Retired model: its last list price (and context tier) on the provider's pricing page as "
        "kept by genai-prices 0.2.5; litellm 1.110.2 no longer lists it"
    ),
    "litellm": (
        "Listed only by litellm 1.110.2, whose entry cites the provider's pricing page: its "
        "current price, tier and long cache write (litellm has no dates); genai-prices 0.2.5 "
        "has no entry for the id"
    ),
    "genai-prices": (
        "Released after litellm 1.110.2: the provider's pricing page as genai-prices 0.2.5 has it"
        " (its context tier, dated changes, variants and web-search price); litellm has no entry"
        " for the id yet"
    ),
}

# (model id, provider, input, output, cache read, cache write, long cache write, checked on,
#  source key); the prices are the model's first known list price: see CHANGES for later ones.
Entry = tuple[str, str, float, float, float | None, float | None, float | None, str, str]
# fmt: off
ENTRIES: tuple[Entry, ...] = (
    # ==========================================================================================
    # OpenAI
    # ==========================================================================================
    # GPT-3.5 (gpt-3.5-turbo-instruct is the completions-endpoint sibling)
    ("gpt-3.5-turbo",               "openai", 0.50, 1.50, None, None, None, "2026-12-07", "openai"),
    ("gpt-3.5-turbo-0125",          "openai", 0.50, 1.50, None, None, None, "2026-12-07", "openai"),
    ("gpt-3.5-turbo-1106",          "openai", 1.00, 2.00, None, None, None, "2026-12-07", "openai"),
    ("gpt-3.5-turbo-0613",          "openai", 1.50, 2.00, None, None, None, "2026-12-07", "legacy"),
    ("gpt-3.5-turbo-0301",          "openai", 1.50, 2.00, None, None, None, "2026-12-07", "legacy"),
    ("gpt-3.5-turbo-16k",           "openai", 3.00, 4.00, None, None, None, "2026-12-07", "openai"),
    ("gpt-3.5-turbo-16k-0613",      "openai", 3.00, 4.00, None, None, None, "2026-12-07", "legacy"),
    ("gpt-3.5-turbo-instruct",      "openai", 1.50, 2.00, None, None, None, "2026-12-07", "openai"),
    ("gpt-3.5-turbo-instruct-0914", "openai", 1.50, 2.00, None, None, None, "2026-12-07", "openai"),

    # GPT-4
    ("gpt-4",          "openai", 30.00,  60.00, None, None, None, "2026-12-07", "openai"),
    ("gpt-4-0613",     "openai", 30.00,  60.00, None, None, None, "2026-12-07", "openai"),
    ("gpt-4-0314",     "openai", 30.00,  60.00, None, None, None, "2026-12-07", "legacy"),
    ("gpt-4-32k",      "openai", 60.00, 120.00, None, None, None, "2026-12-07", "legacy"),
    ("gpt-4-32k-0613", "openai", 60.00, 120.00, None, None, None, "2026-12-07", "legacy"),
    ("gpt-4-32k-0314", "openai", 60.00, 120.00, None, None, None, "2026-12-07", "legacy"),

    # GPT-4 Turbo
    ("gpt-4-turbo",               "openai", 10.00, 30.00, None, None, None, "2026-12-07", "openai"),
    ("gpt-4-turbo-2024-04-09",    "openai", 10.00, 30.00, None, None, None, "2026-12-07", "openai"),
    ("gpt-4-turbo-preview",       "openai", 10.00, 30.00, None, None, None, "2026-12-07", "legacy"),
    ("gpt-4-0125-preview",        "openai", 10.00, 30.00, None, None, None, "2026-12-07", "legacy"),
    ("gpt-4-1106-preview",        "openai", 10.00, 30.00, None, None, None, "2026-12-07", "openai"),
    ("gpt-4-vision-preview",      "openai", 10.00, 30.00, None, None, None, "2026-12-07", "legacy"),
    ("gpt-4-1106-vision-preview", "openai", 10.00, 30.00, None, None, None, "2026-12-07", "legacy"),

    # GPT-4o
    ("gpt-4o",            "openai", 2.50, 10.00, 1.25, None, None, "2026-12-07", "openai"),
    ("gpt-4o-2024-11-20", "openai", 2.50, 10.00, 1.25, None, None, "2026-12-07", "openai"),
    ("gpt-4o-2024-08-06", "openai", 2.50, 10.00, 1.25, None, None, "2026-12-07", "openai"),
    # First GPT-4o snapshot: its own, higher list price and no cached-input price.
    ("gpt-4o-2024-05-13", "openai", 5.00, 15.00, None, None, None, "2026-12-07", "openai"),
    ("chatgpt-4o-latest", "openai", 5.00, 15.00, None, None, None, "2026-12-07", "legacy"),

    # GPT-4o mini
    ("gpt-4o-mini",            "openai", 0.15, 0.60, 0.075, None, None, "2026-12-07", "openai"),
    ("gpt-4o-mini-2024-07-18", "openai", 0.15, 0.60, 0.075, None, None, "2026-12-07", "openai"),

    # GPT-4o search preview. gpt-4o-search-preview: the datasets disagree on cached input
    # (genai-prices: none, litellm: 1.25); chose genai-prices, which follows the provider page
    # more closely, so cached tokens are billed at the input rate. The mini model has a cached
    # price in both datasets (genai-prices prices it as gpt-4o-mini).
    ("gpt-4o-search-preview",      "openai", 2.50, 10.00,  None, None, None, "2026-12-07", "openai"),
    ("gpt-4o-search-preview-2025-03-11",
     "openai", 2.50, 10.00,  None, None, None, "2026-12-07", "openai"),
    ("gpt-4o-mini-search-preview", "openai", 0.15,  0.60, 0.075, None, None, "2026-12-07", "openai"),
    ("gpt-4o-mini-search-preview-2025-03-11",
     "openai", 0.15,  0.60, 0.075, None, None, "2026-12-07", "openai"),

    # GPT-4.1
    ("gpt-4.1",                 "openai", 2.00, 8.00,  0.50, None, None, "2026-12-07", "openai"),
    ("gpt-4.1-2025-04-14",      "openai", 2.00, 8.00,  0.50, None, None, "2026-12-07", "openai"),
    ("gpt-4.1-mini",            "openai", 0.40, 1.60,  0.10, None, None, "2026-12-07", "openai"),
    ("gpt-4.1-mini-2025-04-14", "openai", 0.40, 1.60,  0.10, None, None, "2026-12-07", "openai"),
    ("gpt-4.1-nano",            "openai", 0.10, 0.40, 0.025, None, None, "2026-12-07", "openai"),
    ("gpt-4.1-nano-2025-04-14", "openai", 0.10, 0.40, 0.025, None, None, "2026-12-07", "openai"),

    # GPT-4.5 preview (retired)
    ("gpt-4.5-preview",            "openai", 75.00, 150.00, 37.50, None, None, "2026-12-07", "legacy"),
    ("gpt-4.5-preview-2025-02-27", "openai", 75.00, 150.00, 37.50, None, None, "2026-12-07", "legacy"),

    # GPT-5
    ("gpt-5",                       "openai",  1.25,  10.00, 0.125, None, None, "2026-12-07", "openai"),
    ("gpt-5-2025-08-07",            "openai",  1.25,  10.00, 0.125, None, None, "2026-12-07", "openai"),
    ("gpt-5-chat-latest",           "openai",  1.25,  10.00, 0.125, None, None, "2026-12-07", "openai"),
    ("gpt-5-codex",                 "openai",  1.25,  10.00, 0.125, None, None, "2026-12-07", "openai"),
    ("gpt-5-mini",                  "openai",  0.25,   2.00, 0.025, None, None, "2026-12-07", "openai"),
    ("gpt-5-mini-2025-08-07",       "openai",  0.25,   2.00, 0.025, None, None, "2026-12-07", "openai"),
    ("gpt-5-nano",                  "openai",  0.05,   0.40, 0.005, None, None, "2026-12-07", "openai"),
    ("gpt-5-nano-2025-08-07",       "openai",  0.05,   0.40, 0.005, None, None, "2026-12-07", "openai"),
    ("gpt-5-pro",                   "openai", 15.00, 120.00,  None, None, None, "2026-12-07", "openai"),
    ("gpt-5-pro-2025-10-06",        "openai", 15.00, 120.00,  None, None, None, "2026-12-07", "openai"),
    ("gpt-5-search-api",            "openai",  1.25,  10.00, 0.125, None, None, "2026-12-07", "openai"),
    ("gpt-5-search-api-2025-10-14", "openai",  1.25,  10.00, 0.125, None, None, "2026-12-07", "litellm"),

    # GPT-5.1
    ("gpt-5.1",             "openai", 1.25, 10.00, 0.125, None, None, "2026-12-07", "openai"),
    ("gpt-5.1-2025-11-13",  "openai", 1.25, 10.00, 0.125, None, None, "2026-12-07", "openai"),
    ("gpt-5.1-chat-latest", "openai", 1.25, 10.00, 0.125, None, None, "2026-12-07", "openai"),
    ("gpt-5.1-codex",       "openai", 1.25, 10.00, 0.125, None, None, "2026-12-07", "openai"),
    ("gpt-5.1-codex-max",   "openai", 1.25, 10.00, 0.125, None, None, "2026-12-07", "openai"),
    ("gpt-5.1-codex-mini",  "openai", 0.25,  2.00, 0.025, None, None, "2026-12-07", "openai"),

    # GPT-5.2
    ("gpt-5.2",                "openai",  1.75,  14.00, 0.175, None, None, "2026-12-07", "openai"),
    ("gpt-5.2-2025-12-11",     "openai",  1.75,  14.00, 0.175, None, None, "2026-12-07", "openai"),
    ("gpt-5.2-chat-latest",    "openai",  1.75,  14.00, 0.175, None, None, "2026-12-07", "openai"),
    ("gpt-5.2-codex",          "openai",  1.75,  14.00, 0.175, None, None, "2026-12-07", "openai"),
    ("gpt-5.2-pro",            "openai", 21.00, 168.00,  None, None, None, "2026-12-07", "openai"),
    ("gpt-5.2-pro-2025-12-11", "openai", 21.00, 168.00,  None, None, None, "2026-12-07", "openai"),

    # GPT-5.3
    ("gpt-5.3-chat-latest", "openai", 1.75, 14.00, 0.175, None, None, "2026-12-07", "openai"),
    ("gpt-5.3-codex",       "openai", 1.75, 14.00, 0.175, None, None, "2026-12-07", "openai"),

    # GPT-5.4 (from here on most models have a tier above 272k input tokens, see TIERS; the
    # mini, nano and cyber ones do not)
    ("gpt-5.4",                 "openai",  2.50,  15.00,  0.25, None, None, "2026-12-07", "openai"),
    ("gpt-5.4-2026-03-05",      "openai",  2.50,  15.00,  0.25, None, None, "2026-12-07", "openai"),
    ("gpt-5.4-mini",            "openai",  0.75,   4.50, 0.075, None, None, "2026-12-07", "openai"),
    ("gpt-5.4-mini-2026-03-17", "openai",  0.75,   4.50, 0.075, None, None, "2026-12-07", "openai"),
    ("gpt-5.4-nano",            "openai",  0.20,   1.25,  0.02, None, None, "2026-12-07", "openai"),
    ("gpt-5.4-nano-2026-03-17", "openai",  0.20,   1.25,  0.02, None, None, "2026-12-07", "openai"),
    ("gpt-5.4-pro",             "openai", 30.00, 180.00,  None, None, None, "2026-12-07", "openai"),
    ("gpt-5.4-pro-2026-03-05",  "openai", 30.00, 180.00,  None, None, None, "2026-12-07", "openai"),

    # GPT-5.5. gpt-5.5-chat-latest: genai-prices matches it to gpt-5.5 (same price and tier;
    # litellm lacks it). gpt-5.5-cyber: no cached-input price at first; genai-prices adds 1.25
    # from 2026-10-19 (CHANGES), litellm lists that. gpt-5.5-cyber-preview is only in litellm,
    # which has no dates: its current price, 1.25 included.
    ("gpt-5.5",                "openai",  5.00,  30.00, 0.50, None, None, "2026-12-07", "openai"),
    ("gpt-5.5-2026-04-23",     "openai",  5.00,  30.00, 0.50, None, None, "2026-12-07", "openai"),
    ("gpt-5.5-chat-latest",    "openai",  5.00,  30.00, 0.50, None, None, "2026-12-07", "openai"),
    ("gpt-5.5-pro",            "openai", 30.00, 180.00, None, None, None, "2026-12-07", "openai"),
    ("gpt-5.5-pro-2026-04-23", "openai", 30.00, 180.00, None, None, None, "2026-12-07", "openai"),
    ("gpt-5.5-cyber",          "openai", 12.50,  75.00, None, None, None, "2026-12-07", "openai"),
    ("gpt-5.5-cyber-preview",  "openai", 12.50,  75.00, 1.25, None, None, "2026-12-07", "litellm"),

    # GPT-5.6 (gpt-5.6 is an alias of gpt-5.6-sol in both datasets). First prices as genai-prices
    # has them, cut on 2026-07-30 (terra, luna) and 2026-08-21 (sol): see CHANGES; litellm lists
    # the current prices. 12-hour cache writes: only litellm has them, for the current prices,
    # so the first prices have none (such writes bill at the write price before the cut).
    # gpt-5.6-cyber: litellm has a tier above 272k input tokens, but also a max_input_tokens of
    # 272000, so it can never apply; chose genai-prices (no tier), as for the other cyber models.
    ("gpt-5.6",       "openai",  5.00, 30.00, 0.50,   6.25,  None, "2026-12-07", "openai"),
    ("gpt-5.6-sol",   "openai",  5.00, 30.00, 0.50,   6.25,  None, "2026-12-07", "openai"),
    ("gpt-5.6-terra", "openai",  2.50, 15.00, 0.25,  3.125,  None, "2026-12-07", "openai"),
    ("gpt-5.6-luna",  "openai",  1.00,  6.00, 0.10,   1.25,  None, "2026-12-07", "openai"),
    ("gpt-5.6-cyber", "openai", 12.50, 75.00, 1.25, 15.625, 31.25, "2026-12-07", "openai"),

    # GPT-6 (12-hour cache writes from litellm: genai-prices has no such price)
    ("gpt-6-astra",     "openai", 10.00,  50.00, 1.00, 12.50, 25.00, "2026-12-07", "openai"),
    ("gpt-6-astra-law", "openai", 10.00,  50.00, 1.00,  None,  None, "2026-12-07", "litellm"),
    ("gpt-6-sol",       "openai",  2.00,  10.00, 0.20,  2.50,  5.00, "2026-12-07", "openai"),
    ("gpt-6-luna",      "openai",  0.10,   0.50, 0.01, 0.125,  0.25, "2026-12-07", "openai"),
    ("gpt-6-cyber",     "openai", 20.00, 100.00, 2.00, 25.00, 50.00, "2026-12-07", "openai"),
    ("gpt-6-rosalind",  "openai", 15.00,  75.00, 1.50, 18.75, 37.50, "2026-12-07", "openai"),
    ("gpt-6.1-sol",     "openai",  2.00,  10.00, 0.10,  2.50,  5.00, "2026-12-07", "openai"),
    ("gpt-6.1-terra",   "openai",  1.00,   5.00, 0.05,  1.25,  2.50, "2026-12-07", "openai"),
    # GPT-6.2 (released after the last check; only genai-prices 0.2.5 lists them, without a
    # 12-hour write price: such writes bill at the write price)
    ("gpt-6.2-astra",   "openai",  8.00,  40.00, 0.40, 10.00,  None, "2026-12-07", "genai-prices"),
    ("gpt-6.2-sol",     "openai",  2.00,  10.00, 0.10,  2.50,  None, "2026-12-07", "genai-prices"),

    # Rolling aliases: the price of the model each pointed to on the checked date
    # (litellm: gpt-sol-latest -> gpt-6.1-sol, gpt-terra-latest -> gpt-6.1-terra,
    # gpt-luna-latest -> gpt-6-luna, gpt-astra-latest -> gpt-6-astra, gpt-mini-latest ->
    # gpt-5.4-mini; the daybreak ids carry the gpt-5.6-cyber / gpt-5.6-sol prices). Their tiers
    # and 12-hour writes are litellm's, as it lists them (it lists no 12-hour write price for the
    # daybreak ids; its daybreak-red tier lies at its max_input_tokens, 272000, kept as listed).
    ("chat-latest",              "openai",  5.00, 30.00,  0.50,   None,  None, "2026-12-07", "openai"),
    ("gpt-chat-latest",          "openai",  5.00, 30.00,  0.50,   None,  None, "2026-12-07", "openai"),
    ("gpt-sol-latest",           "openai",  2.00, 10.00,  0.10,   2.50,  5.00, "2026-12-07", "litellm"),
    ("gpt-terra-latest",         "openai",  1.00,  5.00,  0.05,   1.25,  2.50, "2026-12-07", "litellm"),
    ("gpt-luna-latest",          "openai",  0.10,  0.50,  0.01,  0.125,  0.25, "2026-12-07", "litellm"),
    ("gpt-astra-latest",         "openai", 10.00, 50.00,  1.00,  12.50, 25.00, "2026-12-07", "litellm"),
    ("gpt-mini-latest",          "openai",  0.75,  4.50, 0.075,   None,  None, "2026-12-07", "litellm"),
    ("gpt-daybreak-red-latest",  "openai", 12.50, 75.00,  1.25, 15.625,  None, "2026-12-07", "litellm"),
    ("daybreak-red-latest",      "openai", 12.50, 75.00,  1.25, 15.625,  None, "2026-12-07", "litellm"),
    ("gpt-daybreak-blue-latest", "openai",  4.00, 20.00,  0.40,   5.00,  None, "2026-12-07", "litellm"),
    ("daybreak-blue-latest",     "openai",  4.00, 20.00,  0.40,   5.00,  None, "2026-12-07", "litellm"),

    # Specialised chat / agent models
    ("gpt-rosalind-discovery",          "openai", 5.00, 25.00,  0.50, None, None, "2026-12-07", "openai"),
    ("gpt-rosalind-research",           "openai", 5.00, 25.00,  0.50, None, None, "2026-12-07", "openai"),
    ("computer-use-preview",            "openai", 3.00, 12.00,  None, None, None, "2026-12-07", "openai"),
    ("computer-use-preview-2025-03-11", "openai", 3.00, 12.00,  None, None, None, "2026-12-07", "openai"),
    ("codex-mini-latest",               "openai", 1.50,  6.00, 0.375, None, None, "2026-12-07", "legacy"),

    # o1 reasoning models
    ("o1",                    "openai",  15.00,  60.00, 7.50, None, None, "2026-12-07", "openai"),
    ("o1-2024-12-17",         "openai",  15.00,  60.00, 7.50, None, None, "2026-12-07", "openai"),
    ("o1-mini",               "openai",   1.10,   4.40, 0.55, None, None, "2026-12-07", "legacy"),
    ("o1-mini-2024-09-12",    "openai",   1.10,   4.40, 0.55, None, None, "2026-12-07", "legacy"),
    ("o1-preview",            "openai",  15.00,  60.00, 7.50, None, None, "2026-12-07", "legacy"),
    ("o1-preview-2024-09-12", "openai",  15.00,  60.00, 7.50, None, None, "2026-12-07", "legacy"),
    ("o1-pro",                "openai", 150.00, 600.00, None, None, None, "2026-12-07", "openai"),
    ("o1-pro-2025-03-19",     "openai", 150.00, 600.00, None, None, None, "2026-12-07", "openai"),

    # o3 / o4-mini reasoning models. o3: launched at 10 / 40, cut to 2 / 8 on 2025-06-10
    # (genai-prices; see CHANGES); litellm lists the current price only.
    ("o3",                 "openai", 10.00, 40.00,  0.50, None, None, "2026-12-07", "openai"),
    ("o3-2025-04-16",      "openai", 10.00, 40.00,  0.50, None, None, "2026-12-07", "openai"),
    ("o3-mini",            "openai",  1.10,  4.40,  0.55, None, None, "2026-12-07", "openai"),
    ("o3-mini-2025-01-31", "openai",  1.10,  4.40,  0.55, None, None, "2026-12-07", "openai"),
    ("o3-pro",             "openai", 20.00, 80.00,  None, None, None, "2026-12-07", "openai"),
    ("o3-pro-2025-06-10",  "openai", 20.00, 80.00,  None, None, None, "2026-12-07", "openai"),
    ("o4-mini",            "openai",  1.10,  4.40, 0.275, None, None, "2026-12-07", "openai"),
    ("o4-mini-2025-04-16", "openai",  1.10,  4.40, 0.275, None, None, "2026-12-07", "openai"),

    # Deep research
    ("o3-deep-research",            "openai", 10.00, 40.00, 2.50, None, None, "2026-12-07", "openai"),
    ("o3-deep-research-2025-06-26", "openai", 10.00, 40.00, 2.50, None, None, "2026-12-07", "openai"),
    ("o4-mini-deep-research",       "openai",  2.00,  8.00, 0.50, None, None, "2026-12-07", "openai"),
    ("o4-mini-deep-research-2025-06-26",
     "openai",  2.00,  8.00, 0.50, None, None, "2026-12-07", "openai"),

    # Embeddings (no output price). text-embedding-ada-002-v2: the id the embeddings API returns
    # for ada-002; both datasets give it the ada-002 price.
    ("text-embedding-3-small",    "openai", 0.02, 0.00, None, None, None, "2026-12-07", "openai"),
    ("text-embedding-3-large",    "openai", 0.13, 0.00, None, None, None, "2026-12-07", "openai"),
    ("text-embedding-ada-002",    "openai", 0.10, 0.00, None, None, None, "2026-12-07", "openai"),
    ("text-embedding-ada-002-v2", "openai", 0.10, 0.00, None, None, None, "2026-12-07", "openai"),

    # ==========================================================================================
    # Anthropic (long cache write: the 1-hour write, 2x input, in both datasets; cache write:
    # the 5-minute write, 1.25x input)
    # ==========================================================================================
    # Claude 3, 3.5, 3.7, 4 and 4.1 (retired): last list price as kept by genai-prices;
    # litellm no longer lists them.
    #
    # Claude 3
    ("claude-3-haiku-20240307",  "anthropic",  0.25,  1.25, 0.03,  0.30,  0.50, "2026-12-07", "legacy"),
    ("claude-3-sonnet-20240229", "anthropic",  3.00, 15.00, 0.30,  3.75,  6.00, "2026-12-07", "legacy"),
    ("claude-3-opus-20240229",   "anthropic", 15.00, 75.00, 1.50, 18.75, 30.00, "2026-12-07", "legacy"),
    ("claude-3-opus-latest",     "anthropic", 15.00, 75.00, 1.50, 18.75, 30.00, "2026-12-07", "legacy"),

    # Claude 3.5
    ("claude-3-5-haiku-20241022",  "anthropic", 0.80,  4.00, 0.08, 1.00, 1.60, "2026-12-07", "legacy"),
    ("claude-3-5-haiku-latest",    "anthropic", 0.80,  4.00, 0.08, 1.00, 1.60, "2026-12-07", "legacy"),
    ("claude-3-5-sonnet-20240620", "anthropic", 3.00, 15.00, 0.30, 3.75, 6.00, "2026-12-07", "legacy"),
    ("claude-3-5-sonnet-20241022", "anthropic", 3.00, 15.00, 0.30, 3.75, 6.00, "2026-12-07", "legacy"),
    ("claude-3-5-sonnet-latest",   "anthropic", 3.00, 15.00, 0.30, 3.75, 6.00, "2026-12-07", "legacy"),

    # Claude 3.7
    ("claude-3-7-sonnet-20250219", "anthropic", 3.00, 15.00, 0.30, 3.75, 6.00, "2026-12-07", "legacy"),
    ("claude-3-7-sonnet-latest",   "anthropic", 3.00, 15.00, 0.30, 3.75, 6.00, "2026-12-07", "legacy"),

    # Claude 4 / 4.1
    ("claude-sonnet-4-20250514", "anthropic",  3.00, 15.00, 0.30,  3.75,  6.00, "2026-12-07", "legacy"),
    ("claude-sonnet-4-0",        "anthropic",  3.00, 15.00, 0.30,  3.75,  6.00, "2026-12-07", "legacy"),
    ("claude-opus-4-20250514",   "anthropic", 15.00, 75.00, 1.50, 18.75, 30.00, "2026-12-07", "legacy"),
    ("claude-opus-4-0",          "anthropic", 15.00, 75.00, 1.50, 18.75, 30.00, "2026-12-07", "legacy"),
    ("claude-opus-4-1-20250805", "anthropic", 15.00, 75.00, 1.50, 18.75, 30.00, "2026-12-07", "legacy"),
    ("claude-opus-4-1",          "anthropic", 15.00, 75.00, 1.50, 18.75, 30.00, "2026-12-07", "legacy"),

    # Claude 4.5 (claude-sonnet-4-5: a tier above 200k input tokens, as genai-prices has it;
    # litellm lists no tier for it)
    ("claude-sonnet-4-5",          "anthropic", 3.00, 15.00, 0.30, 3.75,  6.00, "2026-12-07", "anthropic"),
    ("claude-sonnet-4-5-20250929", "anthropic", 3.00, 15.00, 0.30, 3.75,  6.00, "2026-12-07", "anthropic"),
    ("claude-haiku-4-5",           "anthropic", 1.00,  5.00, 0.10, 1.25,  2.00, "2026-12-07", "anthropic"),
    ("claude-haiku-4-5-20251001",  "anthropic", 1.00,  5.00, 0.10, 1.25,  2.00, "2026-12-07", "anthropic"),
    ("claude-opus-4-5",            "anthropic", 5.00, 25.00, 0.50, 6.25, 10.00, "2026-12-07", "anthropic"),
    ("claude-opus-4-5-20251101",   "anthropic", 5.00, 25.00, 0.50, 6.25, 10.00, "2026-12-07", "anthropic"),

    # Claude 4.6 - 4.8 (4.6: a tier above 200k input tokens at first; the long-context premium
    # was dropped on 2026-03-13, flat price since: see CHANGES)
    ("claude-sonnet-4-6",        "anthropic", 3.00, 15.00, 0.30, 3.75,  6.00, "2026-12-07", "anthropic"),
    ("claude-opus-4-6",          "anthropic", 5.00, 25.00, 0.50, 6.25, 10.00, "2026-12-07", "anthropic"),
    ("claude-opus-4-6-20260205", "anthropic", 5.00, 25.00, 0.50, 6.25, 10.00, "2026-12-07", "anthropic"),
    ("claude-opus-4-7",          "anthropic", 5.00, 25.00, 0.50, 6.25, 10.00, "2026-12-07", "anthropic"),
    ("claude-opus-4-7-20260416", "anthropic", 5.00, 25.00, 0.50, 6.25, 10.00, "2026-12-07", "anthropic"),
    ("claude-opus-4-8",          "anthropic", 5.00, 25.00, 0.50, 6.25, 10.00, "2026-12-07", "anthropic"),

    # Claude 5 / 5.5 (claude-haiku-5-5: a tier above 100k input tokens)
    ("claude-sonnet-5",   "anthropic", 2.00, 10.00, 0.20,  2.50,  4.00, "2026-12-07", "anthropic"),
    ("claude-opus-5",     "anthropic", 5.00, 25.00, 0.50,  6.25, 10.00, "2026-12-07", "anthropic"),
    ("claude-sonnet-5-5", "anthropic", 2.00, 10.00, 0.10,  2.50,  4.00, "2026-12-07", "anthropic"),
    ("claude-opus-5-5",   "anthropic", 4.00, 20.00, 0.20,  5.00,  8.00, "2026-12-07", "anthropic"),
    ("claude-haiku-5-5",  "anthropic", 0.10,  0.50, 0.01, 0.125,  0.20, "2026-12-07", "anthropic"),

    # Claude Fable / Mythos. The datasets list different members: -5-2 only in
    # genai-prices, mythos-preview/-5/-5-1 only in litellm (same family prices).
    ("claude-fable-5",        "anthropic", 10.00, 50.00, 1.00, 12.50, 20.00, "2026-12-07", "anthropic"),
    ("claude-fable-5-1",      "anthropic", 10.00, 50.00, 0.25, 12.50, 20.00, "2026-12-07", "anthropic"),
    ("claude-fable-5-2",      "anthropic",  8.00, 40.00, 0.20, 10.00, 16.00, "2026-12-07", "anthropic"),
    ("claude-mythos-preview", "anthropic", 10.00, 50.00, 1.00, 12.50, 20.00, "2026-12-07", "litellm"),
    ("claude-mythos-5",       "anthropic", 10.00, 50.00, 1.00, 12.50, 20.00, "2026-12-07", "litellm"),
    ("claude-mythos-5-1",     "anthropic", 10.00, 50.00, 0.25, 12.50, 20.00, "2026-12-07", "litellm"),
    ("claude-mythos-5-2",     "anthropic",  8.00, 40.00, 0.20, 10.00, 16.00, "2026-12-07", "anthropic"),

    # Rolling aliases: the price of the model each pointed to on the checked date
    # (litellm: -> claude-sonnet-5-5, claude-opus-5-5, claude-haiku-5-5, claude-fable-5-1),
    # with its tier (claude-haiku-latest).
    ("claude-sonnet-latest", "anthropic",  2.00, 10.00, 0.10,  2.50,  4.00, "2026-12-07", "litellm"),
    ("claude-opus-latest",   "anthropic",  4.00, 20.00, 0.20,  5.00,  8.00, "2026-12-07", "litellm"),
    ("claude-haiku-latest",  "anthropic",  0.10,  0.50, 0.01, 0.125,  0.20, "2026-12-07", "litellm"),
    ("claude-fable-latest",  "anthropic", 10.00, 50.00, 0.25, 12.50, 20.00, "2026-12-07", "litellm"),

    # ==========================================================================================
    # Google Gemini (Gemini API ids, without the "models/" prefix)
    # ==========================================================================================
    # Gemini 1.5 (retired; a tier above 128k input tokens). gemini-1.5-pro: the genai-prices
    # entry has no cache price, but its gemini-pro-1.5 entry for the same model lists 0.3125
    # (0.625 in the tier; 1/4 of input, the same ratio as gemini-1.5-flash); chose those.
    ("gemini-1.5-pro",       "google",  1.25, 5.00,  0.3125, None, None, "2026-12-07", "legacy"),
    ("gemini-1.5-pro-001",   "google",  1.25, 5.00,  0.3125, None, None, "2026-12-07", "legacy"),
    ("gemini-1.5-pro-002",   "google",  1.25, 5.00,  0.3125, None, None, "2026-12-07", "legacy"),
    ("gemini-1.5-flash",     "google", 0.075, 0.30, 0.01875, None, None, "2026-12-07", "legacy"),
    ("gemini-1.5-flash-001", "google", 0.075, 0.30, 0.01875, None, None, "2026-12-07", "legacy"),
    ("gemini-1.5-flash-002", "google", 0.075, 0.30, 0.01875, None, None, "2026-12-07", "legacy"),

    # Gemini 1.5 Flash-8B: genai-prices matches these ids to gemini-1.5-flash (substring
    # match, 0.075 / 0.30); its own gemini-flash-1.5-8b entry lists these (and the tier), chosen.
    ("gemini-1.5-flash-8b",     "google", 0.0375, 0.15, 0.01, None, None, "2026-12-07", "legacy"),
    ("gemini-1.5-flash-8b-001", "google", 0.0375, 0.15, 0.01, None, None, "2026-12-07", "legacy"),

    # Gemini 2.0 (retired)
    ("gemini-2.0-flash",          "google",  0.10, 0.40, 0.025, None, None, "2026-12-07", "legacy"),
    ("gemini-2.0-flash-001",      "google",  0.10, 0.40, 0.025, None, None, "2026-12-07", "legacy"),
    ("gemini-2.0-flash-lite",     "google", 0.075, 0.30,  None, None, None, "2026-12-07", "legacy"),
    ("gemini-2.0-flash-lite-001", "google", 0.075, 0.30,  None, None, None, "2026-12-07", "legacy"),

    # Gemini 2.5 (gemini-2.5-pro: a tier above 200k input tokens). gemini-2.5-computer-use-
    # preview-10-2025 (only in litellm): litellm's tier above 200k, kept as listed although its
    # max_input_tokens is 128000.
    ("gemini-2.5-pro",        "google", 1.25, 10.00, 0.125, None, None, "2026-12-07", "google"),
    ("gemini-2.5-flash",      "google", 0.30,  2.50,  0.03, None, None, "2026-12-07", "google"),
    ("gemini-2.5-flash-lite", "google", 0.10,  0.40,  0.01, None, None, "2026-12-07", "google"),
    ("gemini-2.5-computer-use-preview-10-2025",
     "google", 1.25, 10.00,  None, None, None, "2026-12-07", "litellm"),

    # Gemini 2.5 previews (litellm lists the 09-2025 ones only for Vertex AI, same price;
    # the 04-17 / 05-20 Flash previews are retired and had their own price)
    ("gemini-2.5-flash-preview-09-2025", "google", 0.30, 2.50, 0.03, None, None, "2026-12-07", "google"),
    ("gemini-2.5-flash-lite-preview-09-2025",
     "google", 0.10, 0.40, 0.01, None, None, "2026-12-07", "google"),
    ("gemini-2.5-flash-preview-05-20",   "google", 0.15, 0.60, None, None, None, "2026-12-07", "legacy"),
    ("gemini-2.5-flash-preview-04-17",   "google", 0.15, 0.60, None, None, None, "2026-12-07", "legacy"),

    # Gemini 3 / 3.1 (Pro: a tier above 200k input tokens; gemini-3-pro-preview is shut down).
    # genai-prices has a second price for gemini-3-pro-preview / gemini-3-flash-preview from
    # 2026-01-05 that adds a web-search price only; the token prices are unchanged (no change).
    ("gemini-3-pro-preview",          "google", 2.00, 12.00,  0.20, None, None, "2026-12-07", "legacy"),
    ("gemini-3-flash-preview",        "google", 0.50,  3.00,  0.05, None, None, "2026-12-07", "google"),
    ("gemini-3.1-pro-preview",        "google", 2.00, 12.00,  0.20, None, None, "2026-12-07", "google"),
    ("gemini-3.1-pro-preview-customtools",
     "google", 2.00, 12.00,  0.20, None, None, "2026-12-07", "google"),
    ("gemini-3.1-flash-lite",         "google", 0.25,  1.50, 0.025, None, None, "2026-12-07", "google"),
    ("gemini-3.1-flash-lite-preview", "google", 0.25,  1.50, 0.025, None, None, "2026-12-07", "google"),

    # Gemini 3.5 - 3.8. 3.6/3.7/3.8 Flash: introductory price through 2026-12-31; genai-prices
    # lists 1.50 / 7.50 / 0.15 from 2027-01-01 (CHANGES); litellm has the introductory price.
    ("gemini-3.5-flash",      "google", 1.50, 9.00,  0.15, None, None, "2026-12-07", "google"),
    ("gemini-3.5-flash-lite", "google", 0.30, 2.50,  0.03, None, None, "2026-12-07", "google"),
    ("gemini-3.6-flash",      "google", 0.75, 3.75, 0.075, None, None, "2026-12-07", "google"),
    ("gemini-3.7-flash",      "google", 0.75, 3.75, 0.075, None, None, "2026-12-07", "google"),
    ("gemini-3.8-flash",      "google", 0.75, 3.75, 0.075, None, None, "2026-12-07", "google"),

    # Gemini 4. gemini-4-argon: introductory price through 2026-11-30; genai-prices lists
    # 4.00 / 20.00 / 0.20 from 2026-12-01 (CHANGES); litellm still has the introductory price.
    ("gemini-4-argon",    "google", 2.00, 10.00,  0.10, None, None, "2026-12-07", "google"),
    ("gemini-4-hydrogen", "google", 1.50,  7.50, 0.075, None, None, "2026-12-07", "google"),
    # Released after the last check; only genai-prices 0.2.5 lists them. gemini-4-carbon:
    # introductory price through 2026-11-30, 4.00 / 20.00 / 0.20 from 2026-12-01 (CHANGES).
    ("gemini-4-carbon",   "google", 2.00, 10.00,  0.10, None, None, "2026-12-07", "genai-prices"),
    ("gemini-4-neon",     "google", 3.00, 15.00,  0.15, None, None, "2026-12-07", "genai-prices"),

    # Gemini Omni (text/image/video in; text and video out; text token prices here)
    ("gemini-omni-flash-preview", "google", 1.50, 9.00, None, None, None, "2026-12-07", "google"),
    ("gemini-omni-1.1-flash",     "google", 1.50, 9.00, None, None, None, "2026-12-07", "google"),
    ("gemini-omni-1.2-flash",     "google", 1.50, 9.00, None, None, None, "2026-12-07", "litellm"),

    # Gemini Robotics ER 2: introductory price through 2026-12-31; genai-prices lists
    # 2.00 / 10.00 (/ 0.20) from 2027-01-01 (CHANGES); litellm has the introductory price.
    ("gemini-robotics-er-2-preview", "google", 1.00, 5.00, 0.10, None, None, "2026-12-07", "google"),
    ("gemini-robotics-er-2-streaming-preview",
     "google", 1.00, 5.00, None, None, None, "2026-12-07", "google"),

    # Gemini Deep Research agents (token prices only; search queries are billed apart)
    ("deep-research-preview-04-2026", "google", 2.00, 12.00, None, None, None, "2026-12-07", "litellm"),
    ("deep-research-max-preview-04-2026",
     "google", 2.00, 12.00, None, None, None, "2026-12-07", "litellm"),

    # Rolling aliases: the price of the model each pointed to on the checked date
    # (-> gemini-3.1-pro-preview, gemini-3.8-flash, gemini-3.5-flash-lite), with its tiers and
    # changes (genai-prices matches gemini-flash-latest to gemini-3.8-flash).
    ("gemini-pro-latest",        "google", 2.00, 12.00,  0.20, None, None, "2026-12-07", "google"),
    ("gemini-flash-latest",      "google", 0.75,  3.75, 0.075, None, None, "2026-12-07", "google"),
    ("gemini-flash-lite-latest", "google", 0.30,  2.50,  0.03, None, None, "2026-12-07", "google"),

    # Embeddings (no output price)
    ("gemini-embedding-001",       "google", 0.15, 0.00, None, None, None, "2026-12-07", "google"),
    ("gemini-embedding-2",         "google", 0.20, 0.00, None, None, None, "2026-12-07", "google"),
    ("gemini-embedding-2-preview", "google", 0.20, 0.00, None, None, None, "2026-12-07", "google"),
)
# fmt: on

#: Context tiers of a price: (above input tokens, input, output, cache read, cache write,
#: long cache write), ascending. Above the threshold, every token of the call bills at the
#: tier's rates (the cliff model); None: the tier's input rate (its write rate for long writes).
Tier = tuple[int, float, float, float | None, float | None, float | None]
#: A dated change: (from UTC date, input, output, cache read, cache write, long cache write,
#: its tiers); from 00:00 UTC that day on, that price (with its own tiers) applies.
Change = tuple[str, float, float, float | None, float | None, float | None, tuple[Tier, ...]]

# Tiers shared by the ids genai-prices (or, for litellm-only ids, litellm) maps to one model.
# fmt: off
# OpenAI: above 272k input tokens. Long writes: litellm's 12-hour price (..._above_12hr_above_
# 272k_tokens); None where litellm has none (the first prices of GPT-5.6, the daybreak ids).
_GPT_5_4:             tuple[Tier, ...] = ((272_000,  5.00,  22.50, 0.50,  None,  None),)
_GPT_5_4_PRO:         tuple[Tier, ...] = ((272_000, 60.00, 270.00, None,  None,  None),)
_GPT_5_5:             tuple[Tier, ...] = ((272_000, 10.00,  45.00, 1.00,  None,  None),)
_GPT_5_5_PRO:         tuple[Tier, ...] = ((272_000, 60.00, 270.00, None,  None,  None),)
_GPT_5_6_SOL_FIRST:   tuple[Tier, ...] = ((272_000, 10.00,  45.00, 1.00, 12.50,  None),)
_GPT_5_6_SOL:         tuple[Tier, ...] = ((272_000,  8.00,  30.00, 0.80, 10.00, 20.00),)
_GPT_5_6_TERRA_FIRST: tuple[Tier, ...] = ((272_000,  5.00,  22.50, 0.50,  6.25,  None),)
_GPT_5_6_TERRA:       tuple[Tier, ...] = ((272_000,  4.00,  18.00, 0.40,  5.00, 10.00),)
_GPT_5_6_LUNA_FIRST:  tuple[Tier, ...] = ((272_000,  2.00,   9.00, 0.20,  2.50,  None),)
_GPT_5_6_LUNA:        tuple[Tier, ...] = ((272_000,  0.40,   1.80, 0.04,  0.50,  1.00),)
_GPT_6_ASTRA:         tuple[Tier, ...] = ((272_000, 20.00,  75.00, 2.00, 25.00, 50.00),)
_GPT_6_SOL:           tuple[Tier, ...] = ((272_000,  4.00,  15.00, 0.40,  5.00, 10.00),)
_GPT_6_LUNA:          tuple[Tier, ...] = ((272_000,  0.20,   0.75, 0.02,  0.25,  0.50),)
_GPT_6_ROSALIND:      tuple[Tier, ...] = ((272_000, 30.00, 112.50, 3.00, 37.50, 75.00),)
_GPT_6_1_SOL:         tuple[Tier, ...] = ((272_000,  4.00,  15.00, 0.20,  5.00, 10.00),)
_GPT_6_1_TERRA:       tuple[Tier, ...] = ((272_000,  2.00,   7.50, 0.10,  2.50,  5.00),)
_GPT_6_2_ASTRA:       tuple[Tier, ...] = ((272_000, 16.00,  60.00, 0.80, 20.00,  None),)
_GPT_6_2_SOL:         tuple[Tier, ...] = ((272_000,  4.00,  15.00, 0.20,  5.00,  None),)
_DAYBREAK_RED:        tuple[Tier, ...] = ((272_000, 25.00, 112.50, 2.50, 31.25,  None),)
_DAYBREAK_BLUE:       tuple[Tier, ...] = ((272_000,  8.00,  30.00, 0.80, 10.00,  None),)
# Anthropic: above 200k (Sonnet 4.5, and Sonnet / Opus 4.6 before 2026-03-13) or 100k (Haiku
# 5.5) input tokens; long writes: the 1-hour price of the tier.
_CLAUDE_SONNET_4_5:   tuple[Tier, ...] = ((200_000,  6.00,  22.50, 0.60,  7.50, 12.00),)
_CLAUDE_SONNET_4_6:   tuple[Tier, ...] = ((200_000,  6.00,  22.50, 0.60,  7.50, 12.00),)
_CLAUDE_OPUS_4_6:     tuple[Tier, ...] = ((200_000, 10.00,  37.50, 1.00, 12.50, 20.00),)
_CLAUDE_HAIKU_5_5:    tuple[Tier, ...] = ((100_000,  0.50,   2.50, 0.05, 0.625,  1.00),)
# Google: above 128k (Gemini 1.5) or 200k input tokens; no cache write prices.
_GEMINI_1_5_PRO:      tuple[Tier, ...] = ((128_000,  2.50, 10.00,  0.625, None, None),)
_GEMINI_1_5_FLASH:    tuple[Tier, ...] = ((128_000,  0.15,  0.60, 0.0375, None, None),)
_GEMINI_1_5_FLASH_8B: tuple[Tier, ...] = ((128_000, 0.075,  0.30,   0.02, None, None),)
_GEMINI_2_5_PRO:      tuple[Tier, ...] = ((200_000,  2.50, 15.00,   0.25, None, None),)
_GEMINI_2_5_CU:       tuple[Tier, ...] = ((200_000,  2.50, 15.00,   None, None, None),)
_GEMINI_3_PRO:        tuple[Tier, ...] = ((200_000,  4.00, 18.00,   0.40, None, None),)
_GEMINI_3_1_PRO:      tuple[Tier, ...] = ((200_000,  4.00, 18.00,   0.40, None, None),)

#: model id -> tiers of its first price (the ENTRIES row).
TIERS: dict[str, tuple[Tier, ...]] = {
    "gpt-5.4":                                 _GPT_5_4,
    "gpt-5.4-2026-03-05":                      _GPT_5_4,
    "gpt-5.4-pro":                             _GPT_5_4_PRO,
    "gpt-5.4-pro-2026-03-05":                  _GPT_5_4_PRO,
    "gpt-5.5":                                 _GPT_5_5,
    "gpt-5.5-2026-04-23":                      _GPT_5_5,
    "gpt-5.5-chat-latest":                     _GPT_5_5,
    "gpt-5.5-pro":                             _GPT_5_5_PRO,
    "gpt-5.5-pro-2026-04-23":                  _GPT_5_5_PRO,
    "gpt-5.6":                                 _GPT_5_6_SOL_FIRST,
    "gpt-5.6-sol":                             _GPT_5_6_SOL_FIRST,
    "gpt-5.6-terra":                           _GPT_5_6_TERRA_FIRST,
    "gpt-5.6-luna":                            _GPT_5_6_LUNA_FIRST,
    "gpt-6-astra":                             _GPT_6_ASTRA,
    "gpt-astra-latest":                        _GPT_6_ASTRA,
    "gpt-6-sol":                               _GPT_6_SOL,
    "gpt-6-luna":                              _GPT_6_LUNA,
    "gpt-luna-latest":                         _GPT_6_LUNA,
    "gpt-6-rosalind":                          _GPT_6_ROSALIND,
    "gpt-6.1-sol":                             _GPT_6_1_SOL,
    "gpt-sol-latest":                          _GPT_6_1_SOL,
    "gpt-6.1-terra":                           _GPT_6_1_TERRA,
    "gpt-terra-latest":                        _GPT_6_1_TERRA,
    "gpt-6.2-astra":                           _GPT_6_2_ASTRA,
    "gpt-6.2-sol":                             _GPT_6_2_SOL,
    "gpt-daybreak-red-latest":                 _DAYBREAK_RED,
    "daybreak-red-latest":                     _DAYBREAK_RED,
    "gpt-daybreak-blue-latest":                _DAYBREAK_BLUE,
    "daybreak-blue-latest":                    _DAYBREAK_BLUE,
    "claude-sonnet-4-5":                       _CLAUDE_SONNET_4_5,
    "claude-sonnet-4-5-20250929":              _CLAUDE_SONNET_4_5,
    "claude-sonnet-4-6":                       _CLAUDE_SONNET_4_6,
    "claude-opus-4-6":                         _CLAUDE_OPUS_4_6,
    "claude-opus-4-6-20260205":                _CLAUDE_OPUS_4_6,
    "claude-haiku-5-5":                        _CLAUDE_HAIKU_5_5,
    "claude-haiku-latest":                     _CLAUDE_HAIKU_5_5,
    "gemini-1.5-pro":                          _GEMINI_1_5_PRO,
    "gemini-1.5-pro-001":                      _GEMINI_1_5_PRO,
    "gemini-1.5-pro-002":                      _GEMINI_1_5_PRO,
    "gemini-1.5-flash":                        _GEMINI_1_5_FLASH,
    "gemini-1.5-flash-001":                    _GEMINI_1_5_FLASH,
    "gemini-1.5-flash-002":                    _GEMINI_1_5_FLASH,
    "gemini-1.5-flash-8b":                     _GEMINI_1_5_FLASH_8B,
    "gemini-1.5-flash-8b-001":                 _GEMINI_1_5_FLASH_8B,
    "gemini-2.5-pro":                          _GEMINI_2_5_PRO,
    "gemini-2.5-computer-use-preview-10-2025": _GEMINI_2_5_CU,
    "gemini-3-pro-preview":                    _GEMINI_3_PRO,
    "gemini-3.1-pro-preview":                  _GEMINI_3_1_PRO,
    "gemini-3.1-pro-preview-customtools":      _GEMINI_3_1_PRO,
    "gemini-pro-latest":                       _GEMINI_3_1_PRO,
}

# Dated changes shared by the ids genai-prices maps to one model (all from genai-prices' start
# dates; the long writes of the OpenAI ones are litellm's, for the current price).
_O3:             tuple[Change, ...] = (("2025-06-10",  2.00,  8.00, 0.50, None,  None, ()),)
_GPT_5_5_CYBER:  tuple[Change, ...] = (("2026-10-19", 12.50, 75.00, 1.25, None,  None, ()),)
_GPT_5_6_SOL_CUT:   tuple[Change, ...] = (("2026-08-21", 4.00, 20.00, 0.40, 5.00, 10.00, _GPT_5_6_SOL),)
_GPT_5_6_TERRA_CUT: tuple[Change, ...] = (("2026-07-30", 2.00, 12.00, 0.20, 2.50,  5.00, _GPT_5_6_TERRA),)
_GPT_5_6_LUNA_CUT:  tuple[Change, ...] = (("2026-07-30", 0.20,  1.20, 0.02, 0.25,  0.50, _GPT_5_6_LUNA),)
# Claude 4.6: the long-context premium dropped; no tiers from then on.
_CLAUDE_SONNET_4_6_FLAT: tuple[Change, ...] = (("2026-03-13", 3.00, 15.00, 0.30, 3.75,  6.00, ()),)
_CLAUDE_OPUS_4_6_FLAT:   tuple[Change, ...] = (("2026-03-13", 5.00, 25.00, 0.50, 6.25, 10.00, ()),)
# Gemini: introductory prices end (gemini-3.6/3.7/3.8-flash have the same figures).
_GEMINI_4_ARGON:    tuple[Change, ...] = (("2026-12-01", 4.00, 20.00, 0.20, None, None, ()),)
_GEMINI_FLASH_2027: tuple[Change, ...] = (("2027-01-01", 1.50,  7.50, 0.15, None, None, ()),)
_GEMINI_ROBOTICS_ER_2:    tuple[Change, ...] = (("2027-01-01", 2.00, 10.00, 0.20, None, None, ()),)
_GEMINI_ROBOTICS_ER_2_SP: tuple[Change, ...] = (("2027-01-01", 2.00, 10.00, None, None, None, ()),)

#: model id -> its later prices, by date, ascending.
CHANGES: dict[str, tuple[Change, ...]] = {
    "o3":                                     _O3,
    "o3-2025-04-16":                          _O3,
    "gpt-5.5-cyber":                          _GPT_5_5_CYBER,
    "gpt-5.6":                                _GPT_5_6_SOL_CUT,
    "gpt-5.6-sol":                            _GPT_5_6_SOL_CUT,
    "gpt-5.6-terra":                          _GPT_5_6_TERRA_CUT,
    "gpt-5.6-luna":                           _GPT_5_6_LUNA_CUT,
    "claude-sonnet-4-6":                      _CLAUDE_SONNET_4_6_FLAT,
    "claude-opus-4-6":                        _CLAUDE_OPUS_4_6_FLAT,
    "claude-opus-4-6-20260205":               _CLAUDE_OPUS_4_6_FLAT,
    "gemini-4-argon":                         _GEMINI_4_ARGON,
    "gemini-4-carbon":                        _GEMINI_4_ARGON,
    "gemini-3.6-flash":                       _GEMINI_FLASH_2027,
    "gemini-3.7-flash":                       _GEMINI_FLASH_2027,
    "gemini-3.8-flash":                       _GEMINI_FLASH_2027,
    "gemini-flash-latest":                    _GEMINI_FLASH_2027,
    "gemini-robotics-er-2-preview":           _GEMINI_ROBOTICS_ER_2,
    "gemini-robotics-er-2-streaming-preview": _GEMINI_ROBOTICS_ER_2_SP,
}
# fmt: on

#: A variant by service tier: (tier, input, output, cache read, cache write, long cache write,
#: its tiers, its dated changes): the whole price of a call served at that tier (its first price,
#: then its changes, as a row of ENTRIES with its TIERS and CHANGES). Generated by
#: ``tools/new_prices.py --variants`` from genai-prices' ``price_variants`` (litellm's
#: ``_batches`` / ``_flex`` / ``_priority`` / ``_ultrafast`` 12-hour writes for OpenAI), resolved
#: part by part: a part the provider keeps at the standard rate under the tier (cached input
#: under OpenAI Batch for some models, Gemini's cached input under batch) repeats the standard
#: rate in force that day, and before the day a dataset starts a variant the row is the
#: standard price. OpenAI's "fast" is billed as "priority" (the variant's fallback: no row).
Variant = tuple[
    str,
    float,
    float,
    float | None,
    float | None,
    float | None,
    tuple[Tier, ...],
    tuple[Change, ...],
]

# Variants shared by the ids that have the same ones (named after the first such id).
# fmt: off
_V_GPT_3_5_TURBO: tuple[Variant, ...] = (
    ("batch", 0.5, 1.5, None, None, None, (), (("2026-10-14", 0.25, 0.75, None, None, None, ()),)),
)
_V_GPT_4: tuple[Variant, ...] = (
    ("batch", 30, 60, None, None, None, (), (("2026-10-14", 15, 30, None, None, None, ()),)),
)
_V_GPT_4_TURBO: tuple[Variant, ...] = (
    ("batch", 10, 30, None, None, None, (), (("2026-10-14", 5, 15, None, None, None, ()),)),
)
_V_GPT_4O: tuple[Variant, ...] = (
    ("batch", 2.5, 10, 1.25, None, None, (), (("2026-10-14", 1.25, 5, 1.25, None, None, ()),)),
    ("priority", 2.5, 10, 1.25, None, None, (), (("2026-10-12", 4.25, 17, 2.125, None, None, ()),)),
)
_V_GPT_4O_2024_05_13: tuple[Variant, ...] = (
    ("batch", 5, 15, None, None, None, (), (("2026-10-14", 2.5, 7.5, None, None, None, ()),)),
    ("priority", 5, 15, None, None, None, (), (("2026-10-12", 8.75, 26.25, None, None, None, ()),)),
)
_V_GPT_4O_MINI: tuple[Variant, ...] = (
    ("batch", 0.15, 0.6, 0.075, None, None, (), (("2026-10-14", 0.075, 0.3, 0.075, None, None, ()),)),
    ("priority", 0.15, 0.6, 0.075, None, None, (), (("2026-10-12", 0.25, 1, 0.125, None, None, ()),)),
)
_V_GPT_4O_SEARCH_PREVIEW: tuple[Variant, ...] = (
    ("batch", 1.25, 5, None, None, None, (), ()),
)
_V_GPT_4_1: tuple[Variant, ...] = (
    ("batch", 2, 8, 0.5, None, None, (), (("2026-10-14", 1, 4, 0.5, None, None, ()),)),
    ("priority", 2, 8, 0.5, None, None, (), (("2026-10-12", 3.5, 14, 0.875, None, None, ()),)),
)
_V_GPT_4_1_MINI: tuple[Variant, ...] = (
    ("batch", 0.4, 1.6, 0.1, None, None, (), (("2026-10-14", 0.2, 0.8, 0.1, None, None, ()),)),
    ("priority", 0.4, 1.6, 0.1, None, None, (), (("2026-10-12", 0.7, 2.8, 0.175, None, None, ()),)),
)
_V_GPT_4_1_NANO: tuple[Variant, ...] = (
    ("batch", 0.1, 0.4, 0.025, None, None, (), (("2026-10-14", 0.05, 0.2, 0.025, None, None, ()),)),
    ("priority", 0.1, 0.4, 0.025, None, None, (), (("2026-10-12", 0.2, 0.8, 0.05, None, None, ()),)),
)
_V_GPT_5: tuple[Variant, ...] = (
    ("batch", 1.25, 10, 0.125, None, None, (), (("2026-10-14", 0.625, 5, 0.0625, None, None, ()),)),
    ("flex", 1.25, 10, 0.125, None, None, (), (("2026-10-12", 0.625, 5, 0.0625, None, None, ()),)),
    ("priority", 1.25, 10, 0.125, None, None, (), (("2026-10-12", 2.5, 20, 0.25, None, None, ()),)),
)
_V_GPT_5_MINI: tuple[Variant, ...] = (
    ("batch", 0.25, 2, 0.025, None, None, (), (("2026-10-14", 0.125, 1, 0.0125, None, None, ()),)),
    ("flex", 0.25, 2, 0.025, None, None, (), (("2026-10-12", 0.125, 1, 0.0125, None, None, ()),)),
    ("priority", 0.25, 2, 0.025, None, None, (), (("2026-10-12", 0.45, 3.6, 0.045, None, None, ()),)),
)
_V_GPT_5_NANO: tuple[Variant, ...] = (
    ("batch", 0.05, 0.4, 0.005, None, None, (), (("2026-10-14", 0.025, 0.2, 0.0025, None, None, ()),)),
    ("flex", 0.05, 0.4, 0.005, None, None, (), (("2026-10-12", 0.025, 0.2, 0.0025, None, None, ()),)),
)
_V_GPT_5_PRO: tuple[Variant, ...] = (
    ("batch", 15, 120, None, None, None, (), (("2026-10-14", 7.5, 60, None, None, None, ()),)),
)
_V_GPT_5_2: tuple[Variant, ...] = (
    ("batch", 1.75, 14, 0.175, None, None, (), (("2026-10-14", 0.875, 7, 0.0875, None, None, ()),)),
    ("flex", 1.75, 14, 0.175, None, None, (), (("2026-10-12", 0.875, 7, 0.0875, None, None, ()),)),
    ("priority", 1.75, 14, 0.175, None, None, (), (("2026-10-12", 3.5, 28, 0.35, None, None, ()),)),
)
_V_GPT_5_2_PRO: tuple[Variant, ...] = (
    ("batch", 21, 168, None, None, None, (), (("2026-10-14", 10.5, 84, None, None, None, ()),)),
)
_V_GPT_5_3_CODEX: tuple[Variant, ...] = (
    ("priority", 1.75, 14, 0.175, None, None, (), (("2026-10-12", 3.5, 28, 0.35, None, None, ()),)),
)
_V_GPT_5_4: tuple[Variant, ...] = (
    ("batch", 2.5, 15, 0.25, None, None, ((272000, 5, 22.5, 0.5, None, None),), (("2026-10-14", 1.25, 7.5, 0.13, None, None, ((272000, 2.5, 11.25, 0.25, None, None),)),)),
    ("flex", 2.5, 15, 0.25, None, None, ((272000, 5, 22.5, 0.5, None, None),), (("2026-10-12", 1.25, 7.5, 0.13, None, None, ((272000, 2.5, 11.25, 0.25, None, None),)),)),
    ("priority", 2.5, 15, 0.25, None, None, ((272000, 5, 22.5, 0.5, None, None),), (("2026-10-12", 5, 30, 0.5, None, None, ()),)),
)
_V_GPT_5_4_MINI: tuple[Variant, ...] = (
    ("batch", 0.75, 4.5, 0.075, None, None, (), (("2026-10-14", 0.375, 2.25, 0.0375, None, None, ()),)),
    ("flex", 0.75, 4.5, 0.075, None, None, (), (("2026-10-12", 0.375, 2.25, 0.0375, None, None, ()),)),
    ("priority", 0.75, 4.5, 0.075, None, None, (), (("2026-10-12", 1.5, 9, 0.15, None, None, ()),)),
)
_V_GPT_5_4_NANO: tuple[Variant, ...] = (
    ("batch", 0.2, 1.25, 0.02, None, None, (), (("2026-10-14", 0.1, 0.625, 0.01, None, None, ()),)),
    ("flex", 0.2, 1.25, 0.02, None, None, (), (("2026-10-12", 0.1, 0.625, 0.01, None, None, ()),)),
)
_V_GPT_5_4_PRO: tuple[Variant, ...] = (
    ("batch", 30, 180, None, None, None, ((272000, 60, 270, None, None, None),), (("2026-10-14", 15, 90, None, None, None, ((272000, 30, 135, None, None, None),)),)),
    ("flex", 30, 180, None, None, None, ((272000, 60, 270, None, None, None),), (("2026-10-12", 15, 90, None, None, None, ((272000, 30, 135, None, None, None),)),)),
)
_V_GPT_5_5: tuple[Variant, ...] = (
    ("batch", 5, 30, 0.5, None, None, ((272000, 10, 45, 1, None, None),), (("2026-10-14", 2.5, 15, 0.25, None, None, ((272000, 5, 22.5, 0.5, None, None),)),)),
    ("flex", 5, 30, 0.5, None, None, ((272000, 10, 45, 1, None, None),), (("2026-10-12", 2.5, 15, 0.25, None, None, ((272000, 5, 22.5, 0.5, None, None),)),)),
    ("priority", 5, 30, 0.5, None, None, ((272000, 10, 45, 1, None, None),), (("2026-10-12", 12.5, 75, 1.25, None, None, ()),)),
)
_V_GPT_5_5_PRO: tuple[Variant, ...] = (
    ("batch", 30, 180, None, None, None, ((272000, 60, 270, None, None, None),), (("2026-10-14", 15, 90, None, None, None, ()),)),
    ("flex", 30, 180, None, None, None, ((272000, 60, 270, None, None, None),), (("2026-10-12", 15, 90, None, None, None, ()),)),
)
_V_GPT_5_6: tuple[Variant, ...] = (
    ("batch", 5, 30, 0.5, 6.25, None, ((272000, 10, 45, 1, 12.5, None),), (("2026-08-21", 4, 20, 0.4, 5, 10, ((272000, 8, 30, 0.8, 10, 20),)),("2026-10-14", 2, 10, 0.2, 2.5, 10, ((272000, 4, 15, 0.4, 5, 20),)),)),
    ("flex", 5, 30, 0.5, 6.25, None, ((272000, 10, 45, 1, 12.5, None),), (("2026-08-21", 4, 20, 0.4, 5, 10, ((272000, 8, 30, 0.8, 10, 20),)),("2026-10-12", 2, 10, 0.2, 2.5, 5, ((272000, 4, 15, 0.4, 5, 10),)),)),
    ("priority", 5, 30, 0.5, 6.25, None, ((272000, 10, 45, 1, 12.5, None),), (("2026-08-21", 4, 20, 0.4, 5, 10, ((272000, 8, 30, 0.8, 10, 20),)),("2026-10-12", 8, 40, 0.8, 10, 20, ((272000, 16, 60, 1.6, 20, 40),)),)),
)
_V_GPT_5_6_SOL: tuple[Variant, ...] = (
    ("batch", 5, 30, 0.5, 6.25, None, ((272000, 10, 45, 1, 12.5, None),), (("2026-08-21", 4, 20, 0.4, 5, 10, ((272000, 8, 30, 0.8, 10, 20),)),("2026-10-14", 2, 10, 0.2, 2.5, 5, ((272000, 4, 15, 0.4, 5, 10),)),)),
    ("flex", 5, 30, 0.5, 6.25, None, ((272000, 10, 45, 1, 12.5, None),), (("2026-08-21", 4, 20, 0.4, 5, 10, ((272000, 8, 30, 0.8, 10, 20),)),("2026-10-12", 2, 10, 0.2, 2.5, 5, ((272000, 4, 15, 0.4, 5, 10),)),)),
    ("priority", 5, 30, 0.5, 6.25, None, ((272000, 10, 45, 1, 12.5, None),), (("2026-08-21", 4, 20, 0.4, 5, 10, ((272000, 8, 30, 0.8, 10, 20),)),("2026-10-12", 8, 40, 0.8, 10, 20, ((272000, 16, 60, 1.6, 20, 40),)),)),
)
_V_GPT_5_6_TERRA: tuple[Variant, ...] = (
    ("batch", 2.5, 15, 0.25, 3.125, None, ((272000, 5, 22.5, 0.5, 6.25, None),), (("2026-07-30", 2, 12, 0.2, 2.5, 5, ((272000, 4, 18, 0.4, 5, 10),)),("2026-10-14", 1, 6, 0.1, 1.25, 2.5, ((272000, 2, 9, 0.2, 2.5, 5),)),)),
    ("flex", 2.5, 15, 0.25, 3.125, None, ((272000, 5, 22.5, 0.5, 6.25, None),), (("2026-07-30", 2, 12, 0.2, 2.5, 5, ((272000, 4, 18, 0.4, 5, 10),)),("2026-10-12", 1, 6, 0.1, 1.25, 2.5, ((272000, 2, 9, 0.2, 2.5, 5),)),)),
    ("priority", 2.5, 15, 0.25, 3.125, None, ((272000, 5, 22.5, 0.5, 6.25, None),), (("2026-07-30", 2, 12, 0.2, 2.5, 5, ((272000, 4, 18, 0.4, 5, 10),)),("2026-10-12", 4, 24, 0.4, 5, 10, ((272000, 8, 36, 0.8, 10, 20),)),)),
)
_V_GPT_5_6_LUNA: tuple[Variant, ...] = (
    ("batch", 1, 6, 0.1, 1.25, None, ((272000, 2, 9, 0.2, 2.5, None),), (("2026-07-30", 0.2, 1.2, 0.02, 0.25, 0.5, ((272000, 0.4, 1.8, 0.04, 0.5, 1),)),("2026-10-14", 0.1, 0.6, 0.01, 0.125, 0.25, ((272000, 0.2, 0.9, 0.02, 0.25, 0.5),)),)),
    ("flex", 1, 6, 0.1, 1.25, None, ((272000, 2, 9, 0.2, 2.5, None),), (("2026-07-30", 0.2, 1.2, 0.02, 0.25, 0.5, ((272000, 0.4, 1.8, 0.04, 0.5, 1),)),("2026-10-12", 0.1, 0.6, 0.01, 0.125, 0.25, ((272000, 0.2, 0.9, 0.02, 0.25, 0.5),)),)),
    ("priority", 1, 6, 0.1, 1.25, None, ((272000, 2, 9, 0.2, 2.5, None),), (("2026-07-30", 0.2, 1.2, 0.02, 0.25, 0.5, ((272000, 0.4, 1.8, 0.04, 0.5, 1),)),("2026-10-12", 0.4, 2.4, 0.04, 0.5, 1, ((272000, 0.8, 3.6, 0.08, 1, 2),)),)),
)
_V_GPT_6_ASTRA: tuple[Variant, ...] = (
    ("batch", 10, 50, 1, 12.5, 25, ((272000, 20, 75, 2, 25, 50),), (("2026-10-14", 5, 25, 0.5, 6.25, 12.5, ((272000, 10, 37.5, 1, 12.5, 25),)),)),
    ("flex", 10, 50, 1, 12.5, 25, ((272000, 20, 75, 2, 25, 50),), (("2026-10-12", 5, 25, 0.5, 6.25, 12.5, ((272000, 10, 37.5, 1, 12.5, 25),)),)),
    ("priority", 10, 50, 1, 12.5, 25, ((272000, 20, 75, 2, 25, 50),), (("2026-10-12", 20, 100, 2, 25, 50, ((272000, 40, 150, 4, 50, 100),)),)),
    ("ultrafast", 60, 300, 6, 75, 150, ((272000, 120, 450, 12, 150, 300),), ()),
)
_V_GPT_6_SOL: tuple[Variant, ...] = (
    ("batch", 2, 10, 0.2, 2.5, 5, ((272000, 4, 15, 0.4, 5, 10),), (("2026-10-14", 1, 5, 0.1, 1.25, 2.5, ((272000, 2, 7.5, 0.2, 2.5, 5),)),)),
    ("flex", 2, 10, 0.2, 2.5, 5, ((272000, 4, 15, 0.4, 5, 10),), (("2026-10-12", 1, 5, 0.1, 1.25, 2.5, ((272000, 2, 7.5, 0.2, 2.5, 5),)),)),
    ("priority", 2, 10, 0.2, 2.5, 5, ((272000, 4, 15, 0.4, 5, 10),), (("2026-10-12", 4, 20, 0.4, 5, 10, ((272000, 8, 30, 0.8, 10, 20),)),)),
)
_V_GPT_6_LUNA: tuple[Variant, ...] = (
    ("batch", 0.1, 0.5, 0.01, 0.125, 0.25, ((272000, 0.2, 0.75, 0.02, 0.25, 0.5),), (("2026-10-14", 0.05, 0.25, 0.005, 0.0625, 0.125, ((272000, 0.1, 0.375, 0.01, 0.125, 0.25),)),)),
    ("flex", 0.1, 0.5, 0.01, 0.125, 0.25, ((272000, 0.2, 0.75, 0.02, 0.25, 0.5),), (("2026-10-12", 0.05, 0.25, 0.005, 0.0625, 0.125, ((272000, 0.1, 0.375, 0.01, 0.125, 0.25),)),)),
    ("priority", 0.1, 0.5, 0.01, 0.125, 0.25, ((272000, 0.2, 0.75, 0.02, 0.25, 0.5),), (("2026-10-12", 0.2, 1, 0.02, 0.25, 0.5, ((272000, 0.4, 1.5, 0.04, 0.5, 1),)),)),
)
_V_GPT_6_1_SOL: tuple[Variant, ...] = (
    ("batch", 2, 10, 0.1, 2.5, 5, ((272000, 4, 15, 0.2, 5, 10),), (("2026-10-14", 1, 5, 0.05, 1.25, 2.5, ((272000, 2, 7.5, 0.1, 2.5, 5),)),)),
    ("flex", 2, 10, 0.1, 2.5, 5, ((272000, 4, 15, 0.2, 5, 10),), (("2026-10-12", 1, 5, 0.05, 1.25, 2.5, ((272000, 2, 7.5, 0.1, 2.5, 5),)),)),
    ("priority", 2, 10, 0.1, 2.5, 5, ((272000, 4, 15, 0.2, 5, 10),), (("2026-10-12", 4, 20, 0.2, 5, 10, ((272000, 8, 30, 0.4, 10, 20),)),)),
    ("ultrafast", 12, 60, 0.6, 15, 30, ((272000, 24, 90, 1.2, 30, 60),), ()),
)
_V_GPT_6_1_TERRA: tuple[Variant, ...] = (
    ("batch", 0.5, 2.5, 0.025, 0.625, 1.25, ((272000, 1, 3.75, 0.05, 1.25, 2.5),), ()),
    ("flex", 0.5, 2.5, 0.025, 0.625, 1.25, ((272000, 1, 3.75, 0.05, 1.25, 2.5),), ()),
    ("priority", 2, 10, 0.1, 2.5, 5, ((272000, 4, 15, 0.2, 5, 10),), ()),
)
_V_GPT_6_2_ASTRA: tuple[Variant, ...] = (
    ("batch", 4, 20, 0.2, 5, None, ((272000, 8, 30, 0.4, 10, None),), ()),
    ("priority", 16, 80, 0.8, 20, None, ((272000, 32, 120, 1.6, 40, None),), ()),
    ("ultrafast", 24, 120, 1.2, 30, None, ((272000, 48, 180, 2.4, 60, None),), (("2027-03-01", 48, 240, 2.4, 60, None, ((272000, 96, 360, 4.8, 120, None),)),)),
)
_V_GPT_6_2_SOL: tuple[Variant, ...] = (
    ("batch", 1, 5, 0.05, 1.25, None, ((272000, 2, 7.5, 0.1, 2.5, None),), ()),
    ("priority", 4, 20, 0.2, 5, None, ((272000, 8, 30, 0.4, 10, None),), ()),
    ("ultrafast", 6, 30, 0.3, 7.5, None, ((272000, 12, 45, 0.6, 15, None),), (("2027-03-01", 12, 60, 0.6, 15, None, ((272000, 24, 90, 1.2, 30, None),)),)),
)
_V_GPT_SOL_LATEST: tuple[Variant, ...] = (
    ("batch", 1, 5, 0.05, 1.25, 2.5, ((272000, 2, 7.5, 0.1, 2.5, 5),), ()),
    ("flex", 1, 5, 0.05, 1.25, 2.5, ((272000, 2, 7.5, 0.1, 2.5, 5),), ()),
    ("priority", 4, 20, 0.2, 5, 10, ((272000, 8, 30, 0.4, 10, 20),), ()),
    ("ultrafast", 12, 60, 0.6, 15, 30, ((272000, 24, 90, 1.2, 30, 60),), ()),
)
_V_GPT_LUNA_LATEST: tuple[Variant, ...] = (
    ("batch", 0.05, 0.25, 0.005, 0.0625, 0.125, ((272000, 0.1, 0.375, 0.01, 0.125, 0.25),), ()),
    ("flex", 0.05, 0.25, 0.005, 0.0625, 0.125, ((272000, 0.1, 0.375, 0.01, 0.125, 0.25),), ()),
    ("priority", 0.2, 1, 0.02, 0.25, 0.5, ((272000, 0.4, 1.5, 0.04, 0.5, 1),), ()),
)
_V_GPT_ASTRA_LATEST: tuple[Variant, ...] = (
    ("batch", 5, 25, 0.5, 6.25, 12.5, ((272000, 10, 37.5, 1, 12.5, 25),), ()),
    ("flex", 5, 25, 0.5, 6.25, 12.5, ((272000, 10, 37.5, 1, 12.5, 25),), ()),
    ("priority", 20, 100, 2, 25, 50, ((272000, 40, 150, 4, 50, 100),), ()),
    ("ultrafast", 60, 300, 6, 75, 150, ((272000, 120, 450, 12, 150, 300),), ()),
)
_V_GPT_MINI_LATEST: tuple[Variant, ...] = (
    ("batch", 0.375, 2.25, 0.0375, None, None, (), ()),
    ("flex", 0.375, 2.25, 0.0375, None, None, (), ()),
    ("priority", 1.5, 9, 0.15, None, None, (), ()),
)
_V_O1: tuple[Variant, ...] = (
    ("batch", 15, 60, 7.5, None, None, (), (("2026-10-14", 7.5, 30, 7.5, None, None, ()),)),
)
_V_O1_PRO: tuple[Variant, ...] = (
    ("batch", 150, 600, None, None, None, (), (("2026-10-14", 75, 300, None, None, None, ()),)),
)
_V_O3: tuple[Variant, ...] = (
    ("batch", 10, 40, 0.5, None, None, (), (("2025-06-10", 2, 8, 0.5, None, None, ()),("2026-10-14", 1, 4, 0.5, None, None, ()),)),
    ("flex", 10, 40, 0.5, None, None, (), (("2025-06-10", 2, 8, 0.5, None, None, ()),("2026-10-12", 1, 4, 0.25, None, None, ()),)),
    ("priority", 10, 40, 0.5, None, None, (), (("2025-06-10", 2, 8, 0.5, None, None, ()),("2026-10-12", 3.5, 14, 0.875, None, None, ()),)),
)
_V_O3_MINI: tuple[Variant, ...] = (
    ("batch", 1.1, 4.4, 0.55, None, None, (), (("2026-10-14", 0.55, 2.2, 0.55, None, None, ()),)),
)
_V_O3_PRO: tuple[Variant, ...] = (
    ("batch", 20, 80, None, None, None, (), (("2026-10-14", 10, 40, None, None, None, ()),)),
)
_V_O4_MINI: tuple[Variant, ...] = (
    ("batch", 1.1, 4.4, 0.275, None, None, (), (("2026-10-14", 0.55, 2.2, 0.275, None, None, ()),)),
    ("flex", 1.1, 4.4, 0.275, None, None, (), (("2026-10-12", 0.55, 2.2, 0.138, None, None, ()),)),
    ("priority", 1.1, 4.4, 0.275, None, None, (), (("2026-10-12", 2, 8, 0.5, None, None, ()),)),
)
_V_TEXT_EMBEDDING_3_SMALL: tuple[Variant, ...] = (
    ("batch", 0.01, 0, None, None, None, (), ()),
)
_V_TEXT_EMBEDDING_3_LARGE: tuple[Variant, ...] = (
    ("batch", 0.065, 0, None, None, None, (), ()),
)
_V_TEXT_EMBEDDING_ADA_002_V2: tuple[Variant, ...] = (
    ("batch", 0.05, 0, None, None, None, (), ()),
)
_V_CLAUDE_SONNET_4_5: tuple[Variant, ...] = (
    ("batch", 3, 15, 0.3, 3.75, 6, ((200000, 6, 22.5, 0.6, 7.5, 12),), (("2026-10-14", 1.5, 7.5, 0.15, 1.875, 3, ((200000, 3, 11.25, 0.3, 3.75, 6),)),)),
)
_V_CLAUDE_HAIKU_4_5: tuple[Variant, ...] = (
    ("batch", 1, 5, 0.1, 1.25, 2, (), (("2026-10-14", 0.5, 2.5, 0.05, 0.625, 1, ()),)),
)
_V_CLAUDE_OPUS_4_5: tuple[Variant, ...] = (
    ("batch", 5, 25, 0.5, 6.25, 10, (), (("2026-10-14", 2.5, 12.5, 0.25, 3.125, 5, ()),)),
)
_V_CLAUDE_SONNET_4_6: tuple[Variant, ...] = (
    ("batch", 3, 15, 0.3, 3.75, 6, ((200000, 6, 22.5, 0.6, 7.5, 12),), (("2026-03-13", 3, 15, 0.3, 3.75, 6, ()),("2026-10-14", 1.5, 7.5, 0.15, 1.875, 3, ()),)),
)
_V_CLAUDE_OPUS_4_6: tuple[Variant, ...] = (
    ("batch", 5, 25, 0.5, 6.25, 10, ((200000, 10, 37.5, 1, 12.5, 20),), (("2026-03-13", 5, 25, 0.5, 6.25, 10, ()),("2026-10-14", 2.5, 12.5, 0.25, 3.125, 5, ()),)),
)
_V_CLAUDE_OPUS_4_8: tuple[Variant, ...] = (
    ("batch", 5, 25, 0.5, 6.25, 10, (), (("2026-10-14", 2.5, 12.5, 0.25, 3.125, 5, ()),)),
    ("fast", 10, 50, 1, 12.5, 20, (), ()),
)
_V_CLAUDE_SONNET_5: tuple[Variant, ...] = (
    ("batch", 2, 10, 0.2, 2.5, 4, (), (("2026-10-14", 1, 5, 0.1, 1.25, 2, ()),)),
)
_V_CLAUDE_SONNET_5_5: tuple[Variant, ...] = (
    ("batch", 2, 10, 0.1, 2.5, 4, (), (("2026-10-14", 1, 5, 0.05, 1.25, 2, ()),)),
)
_V_CLAUDE_OPUS_5_5: tuple[Variant, ...] = (
    ("batch", 4, 20, 0.2, 5, 8, (), (("2026-10-14", 2, 10, 0.1, 2.5, 4, ()),)),
    ("fast", 8, 40, 0.4, 10, 16, (), ()),
)
_V_CLAUDE_HAIKU_5_5: tuple[Variant, ...] = (
    ("batch", 0.1, 0.5, 0.01, 0.125, 0.2, ((100000, 0.5, 2.5, 0.05, 0.625, 1),), (("2026-10-14", 0.05, 0.25, 0.005, 0.0625, 0.1, ((100000, 0.25, 1.25, 0.025, 0.3125, 0.5),)),)),
)
_V_CLAUDE_FABLE_5: tuple[Variant, ...] = (
    ("batch", 10, 50, 1, 12.5, 20, (), (("2026-10-14", 5, 25, 0.5, 6.25, 10, ()),)),
)
_V_CLAUDE_FABLE_5_1: tuple[Variant, ...] = (
    ("batch", 10, 50, 0.25, 12.5, 20, (), (("2026-10-14", 5, 25, 0.125, 6.25, 10, ()),)),
)
_V_CLAUDE_FABLE_5_2: tuple[Variant, ...] = (
    ("batch", 4, 20, 0.1, 5, 8, (), ()),
    ("fast", 16, 80, 0.4, 20, 32, (), ()),
)
_V_CLAUDE_MYTHOS_5: tuple[Variant, ...] = (
    ("batch", 5, 25, 0.5, 6.25, 20, (), ()),
)
_V_CLAUDE_MYTHOS_5_1: tuple[Variant, ...] = (
    ("batch", 5, 25, 0.125, 6.25, 20, (), ()),
)
_V_CLAUDE_SONNET_LATEST: tuple[Variant, ...] = (
    ("batch", 1, 5, 0.05, 1.25, 4, (), ()),
)
_V_CLAUDE_OPUS_LATEST: tuple[Variant, ...] = (
    ("batch", 2, 10, 0.1, 2.5, 8, (), ()),
)
_V_CLAUDE_HAIKU_LATEST: tuple[Variant, ...] = (
    ("batch", 0.05, 0.25, 0.005, 0.0625, 0.2, ((100000, 0.25, 1.25, 0.025, 0.3125, 1),), ()),
)
_V_GEMINI_2_5_PRO: tuple[Variant, ...] = (
    ("batch", 1.25, 10, 0.125, None, None, ((200000, 2.5, 15, 0.25, None, None),), (("2026-10-14", 0.625, 5, 0.125, None, None, ((200000, 1.25, 7.5, 0.25, None, None),)),)),
    ("flex", 0.625, 5, 0.125, None, None, ((200000, 1.25, 7.5, 0.25, None, None),), ()),
    ("priority", 2.25, 18, 0.225, None, None, ((200000, 4.5, 27, 0.45, None, None),), ()),
)
_V_GEMINI_2_5_FLASH: tuple[Variant, ...] = (
    ("batch", 0.3, 2.5, 0.03, None, None, (), (("2026-10-14", 0.15, 1.25, 0.03, None, None, ()),)),
    ("flex", 0.15, 1.25, 0.03, None, None, (), ()),
    ("priority", 0.54, 4.5, 0.054, None, None, (), ()),
)
_V_GEMINI_2_5_FLASH_LITE: tuple[Variant, ...] = (
    ("batch", 0.1, 0.4, 0.01, None, None, (), (("2026-10-14", 0.05, 0.2, 0.01, None, None, ()),)),
    ("flex", 0.05, 0.2, 0.01, None, None, (), ()),
    ("priority", 0.18, 0.72, 0.018, None, None, (), ()),
)
_V_GEMINI_2_5_FLASH_PREVIEW_09_2025: tuple[Variant, ...] = (
    ("batch", 0.3, 2.5, 0.03, None, None, (), (("2026-10-14", 0.15, 1.25, 0.03, None, None, ()),)),
)
_V_GEMINI_2_5_FLASH_LITE_PREVIEW_09_2025: tuple[Variant, ...] = (
    ("batch", 0.1, 0.4, 0.01, None, None, (), (("2026-10-14", 0.05, 0.2, 0.01, None, None, ()),)),
)
_V_GEMINI_3_FLASH_PREVIEW: tuple[Variant, ...] = (
    ("batch", 0.5, 3, 0.05, None, None, (), (("2026-10-14", 0.25, 1.5, 0.05, None, None, ()),)),
    ("flex", 0.25, 1.5, 0.05, None, None, (), ()),
    ("priority", 0.9, 5.4, 0.09, None, None, (), ()),
)
_V_GEMINI_3_1_PRO_PREVIEW: tuple[Variant, ...] = (
    ("batch", 2, 12, 0.2, None, None, ((200000, 4, 18, 0.4, None, None),), (("2026-10-14", 1, 6, 0.2, None, None, ((200000, 2, 9, 0.4, None, None),)),)),
    ("flex", 1, 6, 0.2, None, None, ((200000, 2, 9, 0.4, None, None),), ()),
    ("priority", 3.6, 21.6, 0.36, None, None, ((200000, 7.2, 32.4, 0.72, None, None),), ()),
)
_V_GEMINI_3_1_FLASH_LITE: tuple[Variant, ...] = (
    ("batch", 0.25, 1.5, 0.025, None, None, (), (("2026-10-14", 0.125, 0.75, 0.0125, None, None, ()),)),
    ("flex", 0.125, 0.75, 0.0125, None, None, (), ()),
    ("priority", 0.45, 2.7, 0.045, None, None, (), ()),
)
_V_GEMINI_3_5_FLASH: tuple[Variant, ...] = (
    ("batch", 0.75, 4.5, 0.075, None, None, (), ()),
    ("flex", 0.75, 4.5, 0.08, None, None, (), ()),
    ("priority", 2.7, 16.2, 0.27, None, None, (), ()),
)
_V_GEMINI_3_5_FLASH_LITE: tuple[Variant, ...] = (
    ("batch", 0.3, 2.5, 0.03, None, None, (), (("2026-10-14", 0.15, 1.25, 0.02, None, None, ()),)),
    ("flex", 0.15, 1.25, 0.02, None, None, (), ()),
    ("priority", 0.54, 4.5, 0.05, None, None, (), ()),
)
_V_GEMINI_3_6_FLASH: tuple[Variant, ...] = (
    ("batch", 0.75, 3.75, 0.075, None, None, (), (("2026-10-14", 0.375, 1.875, 0.0375, None, None, ()),("2027-01-01", 0.75, 3.75, 0.075, None, None, ()),)),
    ("flex", 0.375, 1.875, 0.0375, None, None, (), ()),
    ("priority", 1.35, 6.75, 0.135, None, None, (), ()),
)
_V_GEMINI_3_7_FLASH: tuple[Variant, ...] = (
    ("batch", 0.375, 1.875, 0.0375, None, None, (), ()),
    ("flex", 0.375, 1.875, 0.0375, None, None, (), ()),
    ("priority", 1.35, 6.75, 0.135, None, None, (), ()),
)
_V_GEMINI_4_ARGON: tuple[Variant, ...] = (
    ("batch", 2, 10, 0.1, None, None, (), (("2026-10-14", 1, 5, 0.05, None, None, ()),("2026-12-01", 2, 10, 0.1, None, None, ()),)),
    ("flex", 2, 10, 0.1, None, None, (), (("2026-10-14", 1, 5, 0.05, None, None, ()),("2026-12-01", 2, 10, 0.1, None, None, ()),)),
    ("priority", 2, 10, 0.1, None, None, (), (("2026-10-14", 3.6, 18, 0.18, None, None, ()),("2026-12-01", 7.2, 36, 0.36, None, None, ()),)),
)
_V_GEMINI_4_HYDROGEN: tuple[Variant, ...] = (
    ("batch", 1.5, 7.5, 0.075, None, None, (), (("2026-11-16", 0.75, 3.75, 0.0375, None, None, ()),)),
    ("flex", 1.5, 7.5, 0.075, None, None, (), (("2026-11-16", 0.75, 3.75, 0.0375, None, None, ()),)),
    ("priority", 1.5, 7.5, 0.075, None, None, (), (("2026-11-16", 2.7, 13.5, 0.135, None, None, ()),)),
)
_V_GEMINI_4_CARBON: tuple[Variant, ...] = (
    ("batch", 2, 10, 0.1, None, None, (), (("2026-11-16", 1, 5, 0.05, None, None, ()),("2026-12-01", 2, 10, 0.1, None, None, ()),)),
    ("flex", 2, 10, 0.1, None, None, (), (("2026-11-16", 1, 5, 0.05, None, None, ()),("2026-12-01", 2, 10, 0.1, None, None, ()),)),
    ("priority", 2, 10, 0.1, None, None, (), (("2026-11-16", 3.6, 18, 0.18, None, None, ()),("2026-12-01", 7.2, 36, 0.36, None, None, ()),)),
)
_V_GEMINI_4_NEON: tuple[Variant, ...] = (
    ("batch", 3, 15, 0.15, None, None, (), (("2026-11-19", 1.5, 7.5, 0.075, None, None, ()),)),
    ("flex", 3, 15, 0.15, None, None, (), (("2026-11-19", 1.5, 7.5, 0.075, None, None, ()),)),
    ("priority", 3, 15, 0.15, None, None, (), (("2026-11-19", 5.4, 27, 0.27, None, None, ()),)),
)
_V_GEMINI_ROBOTICS_ER_2_PREVIEW: tuple[Variant, ...] = (
    ("batch", 0.5, 2.5, 0.05, None, None, (), ()),
)
_V_DEEP_RESEARCH_PREVIEW_04_2026: tuple[Variant, ...] = (
    ("batch", 1, 6, None, None, None, (), ()),
)
_V_GEMINI_PRO_LATEST: tuple[Variant, ...] = (
    ("batch", 2, 12, 0.2, None, None, ((200000, 4, 18, 0.4, None, None),), (("2026-10-14", 1, 6, 0.2, None, None, ((200000, 2, 9, 0.4, None, None),)),)),
    ("flex", 1, 6, 0.2, None, None, ((200000, 4, 18, 0.4, None, None),), ()),
    ("priority", 3.6, 21.6, 0.36, None, None, ((200000, 7.2, 32.4, 0.72, None, None),), ()),
)
_V_GEMINI_EMBEDDING_001: tuple[Variant, ...] = (
    ("batch", 0.075, 0, None, None, None, (), ()),
)
_V_GEMINI_EMBEDDING_2: tuple[Variant, ...] = (
    ("batch", 0.2, 0, None, None, None, (), (("2026-10-14", 0.1, 0, None, None, None, ()),)),
)
VARIANTS: dict[str, tuple[Variant, ...]] = {
    "gpt-3.5-turbo": _V_GPT_3_5_TURBO,
    "gpt-3.5-turbo-0125": _V_GPT_3_5_TURBO,
    "gpt-4": _V_GPT_4,
    "gpt-4-0613": _V_GPT_4,
    "gpt-4-0314": _V_GPT_4,
    "gpt-4-turbo": _V_GPT_4_TURBO,
    "gpt-4-turbo-2024-04-09": _V_GPT_4_TURBO,
    "gpt-4-turbo-preview": _V_GPT_4_TURBO,
    "gpt-4-0125-preview": _V_GPT_4_TURBO,
    "gpt-4-1106-preview": _V_GPT_4_TURBO,
    "gpt-4o": _V_GPT_4O,
    "gpt-4o-2024-11-20": _V_GPT_4O,
    "gpt-4o-2024-08-06": _V_GPT_4O,
    "gpt-4o-2024-05-13": _V_GPT_4O_2024_05_13,
    "gpt-4o-mini": _V_GPT_4O_MINI,
    "gpt-4o-mini-2024-07-18": _V_GPT_4O_MINI,
    "gpt-4o-search-preview": _V_GPT_4O_SEARCH_PREVIEW,
    "gpt-4o-search-preview-2025-03-11": _V_GPT_4O_SEARCH_PREVIEW,
    "gpt-4o-mini-search-preview": _V_GPT_4O_MINI,
    "gpt-4o-mini-search-preview-2025-03-11": _V_GPT_4O_MINI,
    "gpt-4.1": _V_GPT_4_1,
    "gpt-4.1-2025-04-14": _V_GPT_4_1,
    "gpt-4.1-mini": _V_GPT_4_1_MINI,
    "gpt-4.1-mini-2025-04-14": _V_GPT_4_1_MINI,
    "gpt-4.1-nano": _V_GPT_4_1_NANO,
    "gpt-4.1-nano-2025-04-14": _V_GPT_4_1_NANO,
    "gpt-5": _V_GPT_5,
    "gpt-5-2025-08-07": _V_GPT_5,
    "gpt-5-chat-latest": _V_GPT_5,
    "gpt-5-codex": _V_GPT_5,
    "gpt-5-mini": _V_GPT_5_MINI,
    "gpt-5-mini-2025-08-07": _V_GPT_5_MINI,
    "gpt-5-nano": _V_GPT_5_NANO,
    "gpt-5-nano-2025-08-07": _V_GPT_5_NANO,
    "gpt-5-pro": _V_GPT_5_PRO,
    "gpt-5-pro-2025-10-06": _V_GPT_5_PRO,
    "gpt-5.1": _V_GPT_5,
    "gpt-5.1-2025-11-13": _V_GPT_5,
    "gpt-5.1-chat-latest": _V_GPT_5,
    "gpt-5.1-codex": _V_GPT_5,
    "gpt-5.1-codex-max": _V_GPT_5,
    "gpt-5.2": _V_GPT_5_2,
    "gpt-5.2-2025-12-11": _V_GPT_5_2,
    "gpt-5.2-chat-latest": _V_GPT_5_2,
    "gpt-5.2-codex": _V_GPT_5_2,
    "gpt-5.2-pro": _V_GPT_5_2_PRO,
    "gpt-5.2-pro-2025-12-11": _V_GPT_5_2_PRO,
    "gpt-5.3-codex": _V_GPT_5_3_CODEX,
    "gpt-5.4": _V_GPT_5_4,
    "gpt-5.4-2026-03-05": _V_GPT_5_4,
    "gpt-5.4-mini": _V_GPT_5_4_MINI,
    "gpt-5.4-mini-2026-03-17": _V_GPT_5_4_MINI,
    "gpt-5.4-nano": _V_GPT_5_4_NANO,
    "gpt-5.4-nano-2026-03-17": _V_GPT_5_4_NANO,
    "gpt-5.4-pro": _V_GPT_5_4_PRO,
    "gpt-5.4-pro-2026-03-05": _V_GPT_5_4_PRO,
    "gpt-5.5": _V_GPT_5_5,
    "gpt-5.5-2026-04-23": _V_GPT_5_5,
    "gpt-5.5-chat-latest": _V_GPT_5_5,
    "gpt-5.5-pro": _V_GPT_5_5_PRO,
    "gpt-5.5-pro-2026-04-23": _V_GPT_5_5_PRO,
    "gpt-5.6": _V_GPT_5_6,
    "gpt-5.6-sol": _V_GPT_5_6_SOL,
    "gpt-5.6-terra": _V_GPT_5_6_TERRA,
    "gpt-5.6-luna": _V_GPT_5_6_LUNA,
    "gpt-6-astra": _V_GPT_6_ASTRA,
    "gpt-6-sol": _V_GPT_6_SOL,
    "gpt-6-luna": _V_GPT_6_LUNA,
    "gpt-6.1-sol": _V_GPT_6_1_SOL,
    "gpt-6.1-terra": _V_GPT_6_1_TERRA,
    "gpt-6.2-astra": _V_GPT_6_2_ASTRA,
    "gpt-6.2-sol": _V_GPT_6_2_SOL,
    "gpt-sol-latest": _V_GPT_SOL_LATEST,
    "gpt-terra-latest": _V_GPT_6_1_TERRA,
    "gpt-luna-latest": _V_GPT_LUNA_LATEST,
    "gpt-astra-latest": _V_GPT_ASTRA_LATEST,
    "gpt-mini-latest": _V_GPT_MINI_LATEST,
    "o1": _V_O1,
    "o1-2024-12-17": _V_O1,
    "o1-pro": _V_O1_PRO,
    "o1-pro-2025-03-19": _V_O1_PRO,
    "o3": _V_O3,
    "o3-2025-04-16": _V_O3,
    "o3-mini": _V_O3_MINI,
    "o3-mini-2025-01-31": _V_O3_MINI,
    "o3-pro": _V_O3_PRO,
    "o3-pro-2025-06-10": _V_O3_PRO,
    "o4-mini": _V_O4_MINI,
    "o4-mini-2025-04-16": _V_O4_MINI,
    "text-embedding-3-small": _V_TEXT_EMBEDDING_3_SMALL,
    "text-embedding-3-large": _V_TEXT_EMBEDDING_3_LARGE,
    "text-embedding-ada-002-v2": _V_TEXT_EMBEDDING_ADA_002_V2,
    "claude-sonnet-4-5": _V_CLAUDE_SONNET_4_5,
    "claude-sonnet-4-5-20250929": _V_CLAUDE_SONNET_4_5,
    "claude-haiku-4-5": _V_CLAUDE_HAIKU_4_5,
    "claude-haiku-4-5-20251001": _V_CLAUDE_HAIKU_4_5,
    "claude-opus-4-5": _V_CLAUDE_OPUS_4_5,
    "claude-opus-4-5-20251101": _V_CLAUDE_OPUS_4_5,
    "claude-sonnet-4-6": _V_CLAUDE_SONNET_4_6,
    "claude-opus-4-6": _V_CLAUDE_OPUS_4_6,
    "claude-opus-4-6-20260205": _V_CLAUDE_OPUS_4_6,
    "claude-opus-4-7": _V_CLAUDE_OPUS_4_5,
    "claude-opus-4-7-20260416": _V_CLAUDE_OPUS_4_5,
    "claude-opus-4-8": _V_CLAUDE_OPUS_4_8,
    "claude-sonnet-5": _V_CLAUDE_SONNET_5,
    "claude-opus-5": _V_CLAUDE_OPUS_4_8,
    "claude-sonnet-5-5": _V_CLAUDE_SONNET_5_5,
    "claude-opus-5-5": _V_CLAUDE_OPUS_5_5,
    "claude-haiku-5-5": _V_CLAUDE_HAIKU_5_5,
    "claude-fable-5": _V_CLAUDE_FABLE_5,
    "claude-fable-5-1": _V_CLAUDE_FABLE_5_1,
    "claude-fable-5-2": _V_CLAUDE_FABLE_5_2,
    "claude-mythos-5": _V_CLAUDE_MYTHOS_5,
    "claude-mythos-5-1": _V_CLAUDE_MYTHOS_5_1,
    "claude-mythos-5-2": _V_CLAUDE_FABLE_5_2,
    "claude-sonnet-latest": _V_CLAUDE_SONNET_LATEST,
    "claude-opus-latest": _V_CLAUDE_OPUS_LATEST,
    "claude-haiku-latest": _V_CLAUDE_HAIKU_LATEST,
    "claude-fable-latest": _V_CLAUDE_MYTHOS_5_1,
    "gemini-2.5-pro": _V_GEMINI_2_5_PRO,
    "gemini-2.5-flash": _V_GEMINI_2_5_FLASH,
    "gemini-2.5-flash-lite": _V_GEMINI_2_5_FLASH_LITE,
    "gemini-2.5-flash-preview-09-2025": _V_GEMINI_2_5_FLASH_PREVIEW_09_2025,
    "gemini-2.5-flash-lite-preview-09-2025": _V_GEMINI_2_5_FLASH_LITE_PREVIEW_09_2025,
    "gemini-3-flash-preview": _V_GEMINI_3_FLASH_PREVIEW,
    "gemini-3.1-pro-preview": _V_GEMINI_3_1_PRO_PREVIEW,
    "gemini-3.1-pro-preview-customtools": _V_GEMINI_3_1_PRO_PREVIEW,
    "gemini-3.1-flash-lite": _V_GEMINI_3_1_FLASH_LITE,
    "gemini-3.1-flash-lite-preview": _V_GEMINI_3_1_FLASH_LITE,
    "gemini-3.5-flash": _V_GEMINI_3_5_FLASH,
    "gemini-3.5-flash-lite": _V_GEMINI_3_5_FLASH_LITE,
    "gemini-3.6-flash": _V_GEMINI_3_6_FLASH,
    "gemini-3.7-flash": _V_GEMINI_3_7_FLASH,
    "gemini-3.8-flash": _V_GEMINI_3_6_FLASH,
    "gemini-4-argon": _V_GEMINI_4_ARGON,
    "gemini-4-hydrogen": _V_GEMINI_4_HYDROGEN,
    "gemini-4-carbon": _V_GEMINI_4_CARBON,
    "gemini-4-neon": _V_GEMINI_4_NEON,
    "gemini-robotics-er-2-preview": _V_GEMINI_ROBOTICS_ER_2_PREVIEW,
    "deep-research-preview-04-2026": _V_DEEP_RESEARCH_PREVIEW_04_2026,
    "deep-research-max-preview-04-2026": _V_DEEP_RESEARCH_PREVIEW_04_2026,
    "gemini-pro-latest": _V_GEMINI_PRO_LATEST,
    "gemini-flash-latest": _V_GEMINI_3_6_FLASH,
    "gemini-flash-lite-latest": _V_GEMINI_3_5_FLASH_LITE,
    "gemini-embedding-001": _V_GEMINI_EMBEDDING_001,
    "gemini-embedding-2": _V_GEMINI_EMBEDDING_2,
    "gemini-embedding-2-preview": _V_GEMINI_EMBEDDING_2,
}

# Server-side tools: USD per 1,000 requests (genai-prices' web_searches_kcount in force on
# CHECKED_ON: OpenAI's and Anthropic's web search, Gemini's grounding with Google Search); a tool
# not listed (Anthropic's web fetch) is billed in tokens only.
_TOOLS_WEB_SEARCH_10_0: tuple[tuple[str, float], ...] = (("web_search", 10),)
_TOOLS_WEB_SEARCH_35_0: tuple[tuple[str, float], ...] = (("web_search", 35),)
_TOOLS_WEB_SEARCH_14_0: tuple[tuple[str, float], ...] = (("web_search", 14),)
SERVER_TOOLS: dict[str, tuple[tuple[str, float], ...]] = {
    "gpt-4o": _TOOLS_WEB_SEARCH_10_0,
    "gpt-4o-2024-11-20": _TOOLS_WEB_SEARCH_10_0,
    "gpt-4o-2024-08-06": _TOOLS_WEB_SEARCH_10_0,
    "gpt-4o-2024-05-13": _TOOLS_WEB_SEARCH_10_0,
    "gpt-4o-mini": _TOOLS_WEB_SEARCH_10_0,
    "gpt-4o-mini-2024-07-18": _TOOLS_WEB_SEARCH_10_0,
    "gpt-4o-mini-search-preview": _TOOLS_WEB_SEARCH_10_0,
    "gpt-4o-mini-search-preview-2025-03-11": _TOOLS_WEB_SEARCH_10_0,
    "gpt-4.1": _TOOLS_WEB_SEARCH_10_0,
    "gpt-4.1-2025-04-14": _TOOLS_WEB_SEARCH_10_0,
    "gpt-4.1-mini": _TOOLS_WEB_SEARCH_10_0,
    "gpt-4.1-mini-2025-04-14": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5-2025-08-07": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5-chat-latest": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5-codex": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5-mini": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5-mini-2025-08-07": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5-nano": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5-nano-2025-08-07": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5-pro": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5-pro-2025-10-06": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.1": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.1-2025-11-13": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.1-chat-latest": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.1-codex": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.1-codex-max": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.2": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.2-2025-12-11": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.2-chat-latest": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.2-codex": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.2-pro": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.2-pro-2025-12-11": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.4": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.4-2026-03-05": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.4-mini": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.4-mini-2026-03-17": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.4-nano": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.4-nano-2026-03-17": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.4-pro": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.4-pro-2026-03-05": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.5": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.5-2026-04-23": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.5-chat-latest": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.5-pro": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.5-pro-2026-04-23": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.6": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.6-sol": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.6-terra": _TOOLS_WEB_SEARCH_10_0,
    "gpt-5.6-luna": _TOOLS_WEB_SEARCH_10_0,
    "gpt-6-astra": _TOOLS_WEB_SEARCH_10_0,
    "gpt-6-sol": _TOOLS_WEB_SEARCH_10_0,
    "gpt-6-luna": _TOOLS_WEB_SEARCH_10_0,
    "gpt-6.1-sol": _TOOLS_WEB_SEARCH_10_0,
    "gpt-6.1-terra": _TOOLS_WEB_SEARCH_10_0,
    "gpt-6.2-astra": _TOOLS_WEB_SEARCH_10_0,
    "gpt-6.2-sol": _TOOLS_WEB_SEARCH_10_0,
    "o3": _TOOLS_WEB_SEARCH_10_0,
    "o3-2025-04-16": _TOOLS_WEB_SEARCH_10_0,
    "o4-mini": _TOOLS_WEB_SEARCH_10_0,
    "o4-mini-2025-04-16": _TOOLS_WEB_SEARCH_10_0,
    "o3-deep-research": _TOOLS_WEB_SEARCH_10_0,
    "o3-deep-research-2025-06-26": _TOOLS_WEB_SEARCH_10_0,
    "o4-mini-deep-research": _TOOLS_WEB_SEARCH_10_0,
    "o4-mini-deep-research-2025-06-26": _TOOLS_WEB_SEARCH_10_0,
    "claude-3-5-haiku-20241022": _TOOLS_WEB_SEARCH_10_0,
    "claude-3-5-haiku-latest": _TOOLS_WEB_SEARCH_10_0,
    "claude-3-5-sonnet-20240620": _TOOLS_WEB_SEARCH_10_0,
    "claude-3-5-sonnet-20241022": _TOOLS_WEB_SEARCH_10_0,
    "claude-3-5-sonnet-latest": _TOOLS_WEB_SEARCH_10_0,
    "claude-3-7-sonnet-20250219": _TOOLS_WEB_SEARCH_10_0,
    "claude-3-7-sonnet-latest": _TOOLS_WEB_SEARCH_10_0,
    "claude-sonnet-4-20250514": _TOOLS_WEB_SEARCH_10_0,
    "claude-sonnet-4-0": _TOOLS_WEB_SEARCH_10_0,
    "claude-opus-4-20250514": _TOOLS_WEB_SEARCH_10_0,
    "claude-opus-4-0": _TOOLS_WEB_SEARCH_10_0,
    "claude-opus-4-1-20250805": _TOOLS_WEB_SEARCH_10_0,
    "claude-opus-4-1": _TOOLS_WEB_SEARCH_10_0,
    "claude-sonnet-4-5": _TOOLS_WEB_SEARCH_10_0,
    "claude-sonnet-4-5-20250929": _TOOLS_WEB_SEARCH_10_0,
    "claude-haiku-4-5": _TOOLS_WEB_SEARCH_10_0,
    "claude-haiku-4-5-20251001": _TOOLS_WEB_SEARCH_10_0,
    "claude-opus-4-5": _TOOLS_WEB_SEARCH_10_0,
    "claude-opus-4-5-20251101": _TOOLS_WEB_SEARCH_10_0,
    "claude-sonnet-4-6": _TOOLS_WEB_SEARCH_10_0,
    "claude-opus-4-6": _TOOLS_WEB_SEARCH_10_0,
    "claude-opus-4-6-20260205": _TOOLS_WEB_SEARCH_10_0,
    "claude-opus-4-7": _TOOLS_WEB_SEARCH_10_0,
    "claude-opus-4-7-20260416": _TOOLS_WEB_SEARCH_10_0,
    "claude-opus-4-8": _TOOLS_WEB_SEARCH_10_0,
    "claude-sonnet-5": _TOOLS_WEB_SEARCH_10_0,
    "claude-opus-5": _TOOLS_WEB_SEARCH_10_0,
    "claude-sonnet-5-5": _TOOLS_WEB_SEARCH_10_0,
    "claude-opus-5-5": _TOOLS_WEB_SEARCH_10_0,
    "claude-haiku-5-5": _TOOLS_WEB_SEARCH_10_0,
    "claude-fable-5": _TOOLS_WEB_SEARCH_10_0,
    "claude-fable-5-1": _TOOLS_WEB_SEARCH_10_0,
    "claude-fable-5-2": _TOOLS_WEB_SEARCH_10_0,
    "claude-mythos-5-2": _TOOLS_WEB_SEARCH_10_0,
    "gemini-2.0-flash": _TOOLS_WEB_SEARCH_35_0,
    "gemini-2.0-flash-001": _TOOLS_WEB_SEARCH_35_0,
    "gemini-2.5-pro": _TOOLS_WEB_SEARCH_35_0,
    "gemini-2.5-flash": _TOOLS_WEB_SEARCH_35_0,
    "gemini-2.5-flash-lite": _TOOLS_WEB_SEARCH_35_0,
    "gemini-2.5-flash-preview-09-2025": _TOOLS_WEB_SEARCH_35_0,
    "gemini-2.5-flash-lite-preview-09-2025": _TOOLS_WEB_SEARCH_35_0,
    "gemini-2.5-flash-preview-05-20": _TOOLS_WEB_SEARCH_35_0,
    "gemini-2.5-flash-preview-04-17": _TOOLS_WEB_SEARCH_35_0,
    "gemini-3-pro-preview": _TOOLS_WEB_SEARCH_14_0,
    "gemini-3-flash-preview": _TOOLS_WEB_SEARCH_14_0,
    "gemini-3.1-pro-preview": _TOOLS_WEB_SEARCH_14_0,
    "gemini-3.1-pro-preview-customtools": _TOOLS_WEB_SEARCH_14_0,
    "gemini-3.1-flash-lite": _TOOLS_WEB_SEARCH_14_0,
    "gemini-3.1-flash-lite-preview": _TOOLS_WEB_SEARCH_14_0,
    "gemini-3.5-flash": _TOOLS_WEB_SEARCH_14_0,
    "gemini-3.5-flash-lite": _TOOLS_WEB_SEARCH_14_0,
    "gemini-3.6-flash": _TOOLS_WEB_SEARCH_14_0,
    "gemini-3.7-flash": _TOOLS_WEB_SEARCH_14_0,
    "gemini-3.8-flash": _TOOLS_WEB_SEARCH_14_0,
    "gemini-4-argon": _TOOLS_WEB_SEARCH_14_0,
    "gemini-4-hydrogen": _TOOLS_WEB_SEARCH_14_0,
    "gemini-4-carbon": _TOOLS_WEB_SEARCH_14_0,
    "gemini-4-neon": _TOOLS_WEB_SEARCH_14_0,
    "gemini-pro-latest": _TOOLS_WEB_SEARCH_14_0,
    "gemini-flash-latest": _TOOLS_WEB_SEARCH_14_0,
    "gemini-flash-lite-latest": _TOOLS_WEB_SEARCH_14_0,
}

# Data-residency multipliers of the token cost (litellm: Anthropic's US-only inference,
# ``inference_geo``; OpenAI's regional processing; Vertex AI's regional endpoints as "*": any
# region but "global"). The region is read from the response (Anthropic) or declared by the
# caller.
_UPLIFT_EU_1_1_US_1_1: tuple[tuple[str, float], ...] = (("eu", 1.1),("us", 1.1),)
_UPLIFT_US_1_1: tuple[tuple[str, float], ...] = (("us", 1.1),)
_UPLIFT_ANY_1_1: tuple[tuple[str, float], ...] = (("*", 1.1),)
REGIONS: dict[str, tuple[tuple[str, float], ...]] = {
    "gpt-5.4": _UPLIFT_EU_1_1_US_1_1,
    "gpt-5.4-2026-03-05": _UPLIFT_EU_1_1_US_1_1,
    "gpt-5.4-mini": _UPLIFT_EU_1_1_US_1_1,
    "gpt-5.4-mini-2026-03-17": _UPLIFT_EU_1_1_US_1_1,
    "gpt-5.4-nano": _UPLIFT_EU_1_1_US_1_1,
    "gpt-5.4-nano-2026-03-17": _UPLIFT_EU_1_1_US_1_1,
    "gpt-5.4-pro": _UPLIFT_EU_1_1_US_1_1,
    "gpt-5.4-pro-2026-03-05": _UPLIFT_EU_1_1_US_1_1,
    "gpt-5.5": _UPLIFT_EU_1_1_US_1_1,
    "gpt-5.5-2026-04-23": _UPLIFT_EU_1_1_US_1_1,
    "gpt-5.5-pro": _UPLIFT_EU_1_1_US_1_1,
    "gpt-5.5-pro-2026-04-23": _UPLIFT_EU_1_1_US_1_1,
    "gpt-5.6": _UPLIFT_EU_1_1_US_1_1,
    "gpt-5.6-sol": _UPLIFT_EU_1_1_US_1_1,
    "gpt-5.6-terra": _UPLIFT_EU_1_1_US_1_1,
    "gpt-5.6-luna": _UPLIFT_EU_1_1_US_1_1,
    "gpt-6-astra": _UPLIFT_EU_1_1_US_1_1,
    "gpt-6-astra-law": _UPLIFT_EU_1_1_US_1_1,
    "gpt-6-sol": _UPLIFT_EU_1_1_US_1_1,
    "gpt-6-luna": _UPLIFT_EU_1_1_US_1_1,
    "gpt-6-rosalind": _UPLIFT_EU_1_1_US_1_1,
    "gpt-6.1-sol": _UPLIFT_EU_1_1_US_1_1,
    "gpt-6.1-terra": _UPLIFT_EU_1_1_US_1_1,
    "gpt-sol-latest": _UPLIFT_EU_1_1_US_1_1,
    "gpt-terra-latest": _UPLIFT_EU_1_1_US_1_1,
    "gpt-luna-latest": _UPLIFT_EU_1_1_US_1_1,
    "gpt-astra-latest": _UPLIFT_EU_1_1_US_1_1,
    "gpt-mini-latest": _UPLIFT_EU_1_1_US_1_1,
    "claude-sonnet-4-6": _UPLIFT_US_1_1,
    "claude-opus-4-6": _UPLIFT_US_1_1,
    "claude-opus-4-6-20260205": _UPLIFT_US_1_1,
    "claude-opus-4-7": _UPLIFT_US_1_1,
    "claude-opus-4-7-20260416": _UPLIFT_US_1_1,
    "claude-opus-4-8": _UPLIFT_US_1_1,
    "claude-sonnet-5": _UPLIFT_US_1_1,
    "claude-opus-5": _UPLIFT_US_1_1,
    "claude-sonnet-5-5": _UPLIFT_US_1_1,
    "claude-opus-5-5": _UPLIFT_US_1_1,
    "claude-haiku-5-5": _UPLIFT_US_1_1,
    "claude-fable-5": _UPLIFT_US_1_1,
    "claude-fable-5-1": _UPLIFT_US_1_1,
    "claude-mythos-preview": _UPLIFT_US_1_1,
    "claude-mythos-5": _UPLIFT_US_1_1,
    "claude-mythos-5-1": _UPLIFT_US_1_1,
    "claude-sonnet-latest": _UPLIFT_US_1_1,
    "claude-opus-latest": _UPLIFT_US_1_1,
    "claude-haiku-latest": _UPLIFT_US_1_1,
    "claude-fable-latest": _UPLIFT_US_1_1,
    "gemini-3.1-flash-lite": _UPLIFT_ANY_1_1,
    "gemini-3.5-flash": _UPLIFT_ANY_1_1,
    "gemini-3.5-flash-lite": _UPLIFT_ANY_1_1,
    "gemini-3.6-flash": _UPLIFT_ANY_1_1,
    "gemini-3.7-flash": _UPLIFT_ANY_1_1,
    "gemini-3.8-flash": _UPLIFT_ANY_1_1,
    "gemini-4-argon": _UPLIFT_ANY_1_1,
    "gemini-4-hydrogen": _UPLIFT_ANY_1_1,
}
# fmt: on
