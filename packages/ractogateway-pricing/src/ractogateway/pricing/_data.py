"""Built-in list prices (USD per 1M tokens) of OpenAI, Anthropic and Google Gemini models.

Pure data with no imports, so that importing it costs next to nothing; the pricing code
(``ModelPricing``, ``DEFAULT_COST_TABLE``, ``compute_cost``) is built on top of it.

Each row of ``ENTRIES`` is one model id as the provider's API accepts and returns it (Gemini ids
without the ``models/`` prefix; dated snapshots and alias ids are rows of their own):

* input, output: USD per 1,000,000 prompt and completion tokens (embedding models: output 0.0);
* cache read: USD per 1M cached-input tokens; cache write: USD per 1M tokens written to the
  prompt cache (Anthropic: the 5-minute write price; OpenAI: GPT-5.6 and later bill writes);
  ``None`` where the provider publishes no such price, so the input price applies;
* the date the row was checked, and the ``SOURCES`` key telling where the price comes from.

Prices are the provider's own API list prices in the standard tier (not batch, flex, priority or
regional uplifts). Where the price steps up with the prompt length (e.g. Gemini 1.5 / 2.5 Pro /
3.x Pro, Claude Sonnet 4.5, Claude Haiku 5.5, GPT-5.4 and later) the row has the base, lowest
context tier. Retired models keep their last list price because logs still carry their ids, and a
snapshot priced unlike its base model (gpt-4o-2024-05-13) has its own price.

To update: take prices from the maintained public datasets, never from memory: the
``genai-prices`` package and the price map bundled in ``litellm``
(``model_prices_and_context_window_backup.json``, USD per token). Where they disagree prefer the
provider's current list price and say which you chose, and why, in a comment next to the row. Set
the row's checked date and ``CHECKED_ON`` to the day you checked, keep rows grouped by provider and
family and the columns aligned (``ENTRIES`` is excluded from ruff format).

``nox -s prices`` runs ``tools/check_prices.py``: it compares every row field by field with
the installed genai-prices and litellm data, prints each difference and each id a dataset lacks,
and fails unless every difference is listed, with its reason, in the script's ``EXPLAINED`` map.
"""

CHECKED_ON = "2026-11-28"

# Where each entry's price comes from; the key is an entry's last field.
SOURCES: dict[str, str] = {
    "openai": (
        "OpenAI API pricing page, standard tier; cross-checked with genai-prices 0.2.3 and "
        "litellm 1.110.2 (tools/check_prices.py lists the ids one of them lacks)"
    ),
    "anthropic": (
        "Anthropic API pricing page, standard tier, 5-minute cache write; cross-checked with "
        "genai-prices 0.2.3 and litellm 1.110.2 (check_prices.py lists the ids one of them lacks)"
    ),
    "google": (
        "Gemini API pricing page (Google AI Studio), standard tier; cross-checked with "
        "genai-prices 0.2.3 and litellm 1.110.2 gemini/ entries (check_prices.py lists gaps)"
    ),
    "legacy": (
        "Retired model: its last list price on the provider's pricing page as kept by "
        "genai-prices 0.2.3; litellm 1.110.2 no longer lists it"
    ),
    "litellm": (
        "Listed only by litellm 1.110.2, whose entry cites the provider's pricing page; "
        "genai-prices 0.2.3 has no entry for the id"
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
    ("gpt-3.5-turbo",               "openai", 0.50, 1.50, None, None, None, "2026-11-28", "openai"),
    ("gpt-3.5-turbo-0125",          "openai", 0.50, 1.50, None, None, None, "2026-11-28", "openai"),
    ("gpt-3.5-turbo-1106",          "openai", 1.00, 2.00, None, None, None, "2026-11-28", "openai"),
    ("gpt-3.5-turbo-0613",          "openai", 1.50, 2.00, None, None, None, "2026-11-28", "legacy"),
    ("gpt-3.5-turbo-0301",          "openai", 1.50, 2.00, None, None, None, "2026-11-28", "legacy"),
    ("gpt-3.5-turbo-16k",           "openai", 3.00, 4.00, None, None, None, "2026-11-28", "openai"),
    ("gpt-3.5-turbo-16k-0613",      "openai", 3.00, 4.00, None, None, None, "2026-11-28", "legacy"),
    ("gpt-3.5-turbo-instruct",      "openai", 1.50, 2.00, None, None, None, "2026-11-28", "openai"),
    ("gpt-3.5-turbo-instruct-0914", "openai", 1.50, 2.00, None, None, None, "2026-11-28", "openai"),

    # GPT-4
    ("gpt-4",          "openai", 30.00,  60.00, None, None, None, "2026-11-28", "openai"),
    ("gpt-4-0613",     "openai", 30.00,  60.00, None, None, None, "2026-11-28", "openai"),
    ("gpt-4-0314",     "openai", 30.00,  60.00, None, None, None, "2026-11-28", "legacy"),
    ("gpt-4-32k",      "openai", 60.00, 120.00, None, None, None, "2026-11-28", "legacy"),
    ("gpt-4-32k-0613", "openai", 60.00, 120.00, None, None, None, "2026-11-28", "legacy"),
    ("gpt-4-32k-0314", "openai", 60.00, 120.00, None, None, None, "2026-11-28", "legacy"),

    # GPT-4 Turbo
    ("gpt-4-turbo",               "openai", 10.00, 30.00, None, None, None, "2026-11-28", "openai"),
    ("gpt-4-turbo-2024-04-09",    "openai", 10.00, 30.00, None, None, None, "2026-11-28", "openai"),
    ("gpt-4-turbo-preview",       "openai", 10.00, 30.00, None, None, None, "2026-11-28", "legacy"),
    ("gpt-4-0125-preview",        "openai", 10.00, 30.00, None, None, None, "2026-11-28", "legacy"),
    ("gpt-4-1106-preview",        "openai", 10.00, 30.00, None, None, None, "2026-11-28", "openai"),
    ("gpt-4-vision-preview",      "openai", 10.00, 30.00, None, None, None, "2026-11-28", "legacy"),
    ("gpt-4-1106-vision-preview", "openai", 10.00, 30.00, None, None, None, "2026-11-28", "legacy"),

    # GPT-4o
    ("gpt-4o",            "openai", 2.50, 10.00, 1.25, None, None, "2026-11-28", "openai"),
    ("gpt-4o-2024-11-20", "openai", 2.50, 10.00, 1.25, None, None, "2026-11-28", "openai"),
    ("gpt-4o-2024-08-06", "openai", 2.50, 10.00, 1.25, None, None, "2026-11-28", "openai"),
    # First GPT-4o snapshot: its own, higher list price and no cached-input price.
    ("gpt-4o-2024-05-13", "openai", 5.00, 15.00, None, None, None, "2026-11-28", "openai"),
    ("chatgpt-4o-latest", "openai", 5.00, 15.00, None, None, None, "2026-11-28", "legacy"),

    # GPT-4o mini
    ("gpt-4o-mini",            "openai", 0.15, 0.60, 0.075, None, None, "2026-11-28", "openai"),
    ("gpt-4o-mini-2024-07-18", "openai", 0.15, 0.60, 0.075, None, None, "2026-11-28", "openai"),

    # GPT-4o search preview. gpt-4o-search-preview: the datasets disagree on cached input
    # (genai-prices: none, litellm: 1.25); chose genai-prices, which follows the provider page
    # more closely, so cached tokens are billed at the input rate. The mini model has a cached
    # price in both datasets (genai-prices prices it as gpt-4o-mini).
    ("gpt-4o-search-preview",      "openai", 2.50, 10.00,  None, None, None, "2026-11-28", "openai"),
    ("gpt-4o-search-preview-2025-03-11",
     "openai", 2.50, 10.00,  None, None, None, "2026-11-28", "openai"),
    ("gpt-4o-mini-search-preview", "openai", 0.15,  0.60, 0.075, None, None, "2026-11-28", "openai"),
    ("gpt-4o-mini-search-preview-2025-03-11",
     "openai", 0.15,  0.60, 0.075, None, None, "2026-11-28", "openai"),

    # GPT-4.1
    ("gpt-4.1",                 "openai", 2.00, 8.00,  0.50, None, None, "2026-11-28", "openai"),
    ("gpt-4.1-2025-04-14",      "openai", 2.00, 8.00,  0.50, None, None, "2026-11-28", "openai"),
    ("gpt-4.1-mini",            "openai", 0.40, 1.60,  0.10, None, None, "2026-11-28", "openai"),
    ("gpt-4.1-mini-2025-04-14", "openai", 0.40, 1.60,  0.10, None, None, "2026-11-28", "openai"),
    ("gpt-4.1-nano",            "openai", 0.10, 0.40, 0.025, None, None, "2026-11-28", "openai"),
    ("gpt-4.1-nano-2025-04-14", "openai", 0.10, 0.40, 0.025, None, None, "2026-11-28", "openai"),

    # GPT-4.5 preview (retired)
    ("gpt-4.5-preview",            "openai", 75.00, 150.00, 37.50, None, None, "2026-11-28", "legacy"),
    ("gpt-4.5-preview-2025-02-27", "openai", 75.00, 150.00, 37.50, None, None, "2026-11-28", "legacy"),

    # GPT-5
    ("gpt-5",                       "openai",  1.25,  10.00, 0.125, None, None, "2026-11-28", "openai"),
    ("gpt-5-2025-08-07",            "openai",  1.25,  10.00, 0.125, None, None, "2026-11-28", "openai"),
    ("gpt-5-chat-latest",           "openai",  1.25,  10.00, 0.125, None, None, "2026-11-28", "openai"),
    ("gpt-5-codex",                 "openai",  1.25,  10.00, 0.125, None, None, "2026-11-28", "openai"),
    ("gpt-5-mini",                  "openai",  0.25,   2.00, 0.025, None, None, "2026-11-28", "openai"),
    ("gpt-5-mini-2025-08-07",       "openai",  0.25,   2.00, 0.025, None, None, "2026-11-28", "openai"),
    ("gpt-5-nano",                  "openai",  0.05,   0.40, 0.005, None, None, "2026-11-28", "openai"),
    ("gpt-5-nano-2025-08-07",       "openai",  0.05,   0.40, 0.005, None, None, "2026-11-28", "openai"),
    ("gpt-5-pro",                   "openai", 15.00, 120.00,  None, None, None, "2026-11-28", "openai"),
    ("gpt-5-pro-2025-10-06",        "openai", 15.00, 120.00,  None, None, None, "2026-11-28", "openai"),
    ("gpt-5-search-api",            "openai",  1.25,  10.00, 0.125, None, None, "2026-11-28", "openai"),
    ("gpt-5-search-api-2025-10-14", "openai",  1.25,  10.00, 0.125, None, None, "2026-11-28", "litellm"),

    # GPT-5.1
    ("gpt-5.1",             "openai", 1.25, 10.00, 0.125, None, None, "2026-11-28", "openai"),
    ("gpt-5.1-2025-11-13",  "openai", 1.25, 10.00, 0.125, None, None, "2026-11-28", "openai"),
    ("gpt-5.1-chat-latest", "openai", 1.25, 10.00, 0.125, None, None, "2026-11-28", "openai"),
    ("gpt-5.1-codex",       "openai", 1.25, 10.00, 0.125, None, None, "2026-11-28", "openai"),
    ("gpt-5.1-codex-max",   "openai", 1.25, 10.00, 0.125, None, None, "2026-11-28", "openai"),
    ("gpt-5.1-codex-mini",  "openai", 0.25,  2.00, 0.025, None, None, "2026-11-28", "openai"),

    # GPT-5.2
    ("gpt-5.2",                "openai",  1.75,  14.00, 0.175, None, None, "2026-11-28", "openai"),
    ("gpt-5.2-2025-12-11",     "openai",  1.75,  14.00, 0.175, None, None, "2026-11-28", "openai"),
    ("gpt-5.2-chat-latest",    "openai",  1.75,  14.00, 0.175, None, None, "2026-11-28", "openai"),
    ("gpt-5.2-codex",          "openai",  1.75,  14.00, 0.175, None, None, "2026-11-28", "openai"),
    ("gpt-5.2-pro",            "openai", 21.00, 168.00,  None, None, None, "2026-11-28", "openai"),
    ("gpt-5.2-pro-2025-12-11", "openai", 21.00, 168.00,  None, None, None, "2026-11-28", "openai"),

    # GPT-5.3
    ("gpt-5.3-chat-latest", "openai", 1.75, 14.00, 0.175, None, None, "2026-11-28", "openai"),
    ("gpt-5.3-codex",       "openai", 1.75, 14.00, 0.175, None, None, "2026-11-28", "openai"),

    # GPT-5.4 (from here on: base tier, prompts up to 272k tokens)
    ("gpt-5.4",                 "openai",  2.50,  15.00,  0.25, None, None, "2026-11-28", "openai"),
    ("gpt-5.4-2026-03-05",      "openai",  2.50,  15.00,  0.25, None, None, "2026-11-28", "openai"),
    ("gpt-5.4-mini",            "openai",  0.75,   4.50, 0.075, None, None, "2026-11-28", "openai"),
    ("gpt-5.4-mini-2026-03-17", "openai",  0.75,   4.50, 0.075, None, None, "2026-11-28", "openai"),
    ("gpt-5.4-nano",            "openai",  0.20,   1.25,  0.02, None, None, "2026-11-28", "openai"),
    ("gpt-5.4-nano-2026-03-17", "openai",  0.20,   1.25,  0.02, None, None, "2026-11-28", "openai"),
    ("gpt-5.4-pro",             "openai", 30.00, 180.00,  None, None, None, "2026-11-28", "openai"),
    ("gpt-5.4-pro-2026-03-05",  "openai", 30.00, 180.00,  None, None, None, "2026-11-28", "openai"),

    # GPT-5.5
    ("gpt-5.5",                "openai",  5.00,  30.00, 0.50, None, None, "2026-11-28", "openai"),
    ("gpt-5.5-2026-04-23",     "openai",  5.00,  30.00, 0.50, None, None, "2026-11-28", "openai"),
    ("gpt-5.5-pro",            "openai", 30.00, 180.00, None, None, None, "2026-11-28", "openai"),
    ("gpt-5.5-pro-2026-04-23", "openai", 30.00, 180.00, None, None, None, "2026-11-28", "openai"),
    ("gpt-5.5-cyber",          "openai", 12.50,  75.00, 1.25, None, None, "2026-11-28", "openai"),
    ("gpt-5.5-cyber-preview",  "openai", 12.50,  75.00, 1.25, None, None, "2026-11-28", "litellm"),

    # GPT-5.6 (gpt-5.6 is an alias of gpt-5.6-sol in both datasets)
    ("gpt-5.6",       "openai",  4.00, 20.00, 0.40,   5.00, None, "2026-11-28", "openai"),
    ("gpt-5.6-sol",   "openai",  4.00, 20.00, 0.40,   5.00, None, "2026-11-28", "openai"),
    ("gpt-5.6-terra", "openai",  2.00, 12.00, 0.20,   2.50, None, "2026-11-28", "openai"),
    ("gpt-5.6-luna",  "openai",  0.20,  1.20, 0.02,   0.25, None, "2026-11-28", "openai"),
    ("gpt-5.6-cyber", "openai", 12.50, 75.00, 1.25, 15.625, None, "2026-11-28", "openai"),

    # GPT-6
    ("gpt-6-astra",     "openai", 10.00,  50.00, 1.00, 12.50, None, "2026-11-28", "openai"),
    ("gpt-6-astra-law", "openai", 10.00,  50.00, 1.00,  None, None, "2026-11-28", "litellm"),
    ("gpt-6-sol",       "openai",  2.00,  10.00, 0.20,  2.50, None, "2026-11-28", "openai"),
    ("gpt-6-luna",      "openai",  0.10,   0.50, 0.01, 0.125, None, "2026-11-28", "openai"),
    ("gpt-6-cyber",     "openai", 20.00, 100.00, 2.00, 25.00, None, "2026-11-28", "openai"),
    ("gpt-6-rosalind",  "openai", 15.00,  75.00, 1.50, 18.75, None, "2026-11-28", "openai"),
    ("gpt-6.1-sol",     "openai",  2.00,  10.00, 0.10,  2.50, None, "2026-11-28", "openai"),
    ("gpt-6.1-terra",   "openai",  1.00,   5.00, 0.05,  1.25, None, "2026-11-28", "openai"),

    # Rolling aliases: the price of the model each pointed to on the checked date
    # (litellm: gpt-sol-latest -> gpt-6.1-sol, gpt-terra-latest -> gpt-6.1-terra,
    # gpt-luna-latest -> gpt-6-luna, gpt-astra-latest -> gpt-6-astra, gpt-mini-latest ->
    # gpt-5.4-mini; the daybreak ids carry the gpt-5.6-cyber / gpt-5.6-sol prices).
    ("chat-latest",              "openai",  5.00, 30.00,  0.50,   None, None, "2026-11-28", "openai"),
    ("gpt-chat-latest",          "openai",  5.00, 30.00,  0.50,   None, None, "2026-11-28", "openai"),
    ("gpt-sol-latest",           "openai",  2.00, 10.00,  0.10,   2.50, None, "2026-11-28", "litellm"),
    ("gpt-terra-latest",         "openai",  1.00,  5.00,  0.05,   1.25, None, "2026-11-28", "litellm"),
    ("gpt-luna-latest",          "openai",  0.10,  0.50,  0.01,  0.125, None, "2026-11-28", "litellm"),
    ("gpt-astra-latest",         "openai", 10.00, 50.00,  1.00,  12.50, None, "2026-11-28", "litellm"),
    ("gpt-mini-latest",          "openai",  0.75,  4.50, 0.075,   None, None, "2026-11-28", "litellm"),
    ("gpt-daybreak-red-latest",  "openai", 12.50, 75.00,  1.25, 15.625, None, "2026-11-28", "litellm"),
    ("daybreak-red-latest",      "openai", 12.50, 75.00,  1.25, 15.625, None, "2026-11-28", "litellm"),
    ("gpt-daybreak-blue-latest", "openai",  4.00, 20.00,  0.40,   5.00, None, "2026-11-28", "litellm"),
    ("daybreak-blue-latest",     "openai",  4.00, 20.00,  0.40,   5.00, None, "2026-11-28", "litellm"),

    # Specialised chat / agent models
    ("gpt-rosalind-discovery",          "openai", 5.00, 25.00,  0.50, None, None, "2026-11-28", "openai"),
    ("gpt-rosalind-research",           "openai", 5.00, 25.00,  0.50, None, None, "2026-11-28", "openai"),
    ("computer-use-preview",            "openai", 3.00, 12.00,  None, None, None, "2026-11-28", "openai"),
    ("computer-use-preview-2025-03-11", "openai", 3.00, 12.00,  None, None, None, "2026-11-28", "openai"),
    ("codex-mini-latest",               "openai", 1.50,  6.00, 0.375, None, None, "2026-11-28", "legacy"),

    # o1 reasoning models
    ("o1",                    "openai",  15.00,  60.00, 7.50, None, None, "2026-11-28", "openai"),
    ("o1-2024-12-17",         "openai",  15.00,  60.00, 7.50, None, None, "2026-11-28", "openai"),
    ("o1-mini",               "openai",   1.10,   4.40, 0.55, None, None, "2026-11-28", "legacy"),
    ("o1-mini-2024-09-12",    "openai",   1.10,   4.40, 0.55, None, None, "2026-11-28", "legacy"),
    ("o1-preview",            "openai",  15.00,  60.00, 7.50, None, None, "2026-11-28", "legacy"),
    ("o1-preview-2024-09-12", "openai",  15.00,  60.00, 7.50, None, None, "2026-11-28", "legacy"),
    ("o1-pro",                "openai", 150.00, 600.00, None, None, None, "2026-11-28", "openai"),
    ("o1-pro-2025-03-19",     "openai", 150.00, 600.00, None, None, None, "2026-11-28", "openai"),

    # o3 / o4-mini reasoning models
    ("o3",                 "openai",  2.00,  8.00,  0.50, None, None, "2026-11-28", "openai"),
    ("o3-2025-04-16",      "openai",  2.00,  8.00,  0.50, None, None, "2026-11-28", "openai"),
    ("o3-mini",            "openai",  1.10,  4.40,  0.55, None, None, "2026-11-28", "openai"),
    ("o3-mini-2025-01-31", "openai",  1.10,  4.40,  0.55, None, None, "2026-11-28", "openai"),
    ("o3-pro",             "openai", 20.00, 80.00,  None, None, None, "2026-11-28", "openai"),
    ("o3-pro-2025-06-10",  "openai", 20.00, 80.00,  None, None, None, "2026-11-28", "openai"),
    ("o4-mini",            "openai",  1.10,  4.40, 0.275, None, None, "2026-11-28", "openai"),
    ("o4-mini-2025-04-16", "openai",  1.10,  4.40, 0.275, None, None, "2026-11-28", "openai"),

    # Deep research
    ("o3-deep-research",            "openai", 10.00, 40.00, 2.50, None, None, "2026-11-28", "openai"),
    ("o3-deep-research-2025-06-26", "openai", 10.00, 40.00, 2.50, None, None, "2026-11-28", "openai"),
    ("o4-mini-deep-research",       "openai",  2.00,  8.00, 0.50, None, None, "2026-11-28", "openai"),
    ("o4-mini-deep-research-2025-06-26",
     "openai",  2.00,  8.00, 0.50, None, None, "2026-11-28", "openai"),

    # Embeddings (no output price)
    ("text-embedding-3-small", "openai", 0.02, 0.00, None, None, None, "2026-11-28", "openai"),
    ("text-embedding-3-large", "openai", 0.13, 0.00, None, None, None, "2026-11-28", "openai"),
    ("text-embedding-ada-002", "openai", 0.10, 0.00, None, None, None, "2026-11-28", "openai"),

    # ==========================================================================================
    # Anthropic
    # ==========================================================================================
    # Claude 3, 3.5, 3.7, 4 and 4.1 (retired): last list price as kept by genai-prices;
    # litellm no longer lists them.
    #
    # Claude 3
    ("claude-3-haiku-20240307",  "anthropic",  0.25,  1.25, 0.03,  0.30, None, "2026-11-28", "legacy"),
    ("claude-3-sonnet-20240229", "anthropic",  3.00, 15.00, 0.30,  3.75, None, "2026-11-28", "legacy"),
    ("claude-3-opus-20240229",   "anthropic", 15.00, 75.00, 1.50, 18.75, None, "2026-11-28", "legacy"),
    ("claude-3-opus-latest",     "anthropic", 15.00, 75.00, 1.50, 18.75, None, "2026-11-28", "legacy"),

    # Claude 3.5
    ("claude-3-5-haiku-20241022",  "anthropic", 0.80,  4.00, 0.08, 1.00, None, "2026-11-28", "legacy"),
    ("claude-3-5-haiku-latest",    "anthropic", 0.80,  4.00, 0.08, 1.00, None, "2026-11-28", "legacy"),
    ("claude-3-5-sonnet-20240620", "anthropic", 3.00, 15.00, 0.30, 3.75, None, "2026-11-28", "legacy"),
    ("claude-3-5-sonnet-20241022", "anthropic", 3.00, 15.00, 0.30, 3.75, None, "2026-11-28", "legacy"),
    ("claude-3-5-sonnet-latest",   "anthropic", 3.00, 15.00, 0.30, 3.75, None, "2026-11-28", "legacy"),

    # Claude 3.7
    ("claude-3-7-sonnet-20250219", "anthropic", 3.00, 15.00, 0.30, 3.75, None, "2026-11-28", "legacy"),
    ("claude-3-7-sonnet-latest",   "anthropic", 3.00, 15.00, 0.30, 3.75, None, "2026-11-28", "legacy"),

    # Claude 4 / 4.1
    ("claude-sonnet-4-20250514", "anthropic",  3.00, 15.00, 0.30,  3.75, None, "2026-11-28", "legacy"),
    ("claude-sonnet-4-0",        "anthropic",  3.00, 15.00, 0.30,  3.75, None, "2026-11-28", "legacy"),
    ("claude-opus-4-20250514",   "anthropic", 15.00, 75.00, 1.50, 18.75, None, "2026-11-28", "legacy"),
    ("claude-opus-4-0",          "anthropic", 15.00, 75.00, 1.50, 18.75, None, "2026-11-28", "legacy"),
    ("claude-opus-4-1-20250805", "anthropic", 15.00, 75.00, 1.50, 18.75, None, "2026-11-28", "legacy"),
    ("claude-opus-4-1",          "anthropic", 15.00, 75.00, 1.50, 18.75, None, "2026-11-28", "legacy"),

    # Claude 4.5 (claude-sonnet-4-5: base tier, prompts up to 200k tokens)
    ("claude-sonnet-4-5",          "anthropic", 3.00, 15.00, 0.30, 3.75, None, "2026-11-28", "anthropic"),
    ("claude-sonnet-4-5-20250929", "anthropic", 3.00, 15.00, 0.30, 3.75, None, "2026-11-28", "anthropic"),
    ("claude-haiku-4-5",           "anthropic", 1.00,  5.00, 0.10, 1.25, None, "2026-11-28", "anthropic"),
    ("claude-haiku-4-5-20251001",  "anthropic", 1.00,  5.00, 0.10, 1.25, None, "2026-11-28", "anthropic"),
    ("claude-opus-4-5",            "anthropic", 5.00, 25.00, 0.50, 6.25, None, "2026-11-28", "anthropic"),
    ("claude-opus-4-5-20251101",   "anthropic", 5.00, 25.00, 0.50, 6.25, None, "2026-11-28", "anthropic"),

    # Claude 4.6 - 4.8 (4.6: long-context premium dropped on 2026-03-13, flat price since)
    ("claude-sonnet-4-6",        "anthropic", 3.00, 15.00, 0.30, 3.75, None, "2026-11-28", "anthropic"),
    ("claude-opus-4-6",          "anthropic", 5.00, 25.00, 0.50, 6.25, None, "2026-11-28", "anthropic"),
    ("claude-opus-4-6-20260205", "anthropic", 5.00, 25.00, 0.50, 6.25, None, "2026-11-28", "anthropic"),
    ("claude-opus-4-7",          "anthropic", 5.00, 25.00, 0.50, 6.25, None, "2026-11-28", "anthropic"),
    ("claude-opus-4-7-20260416", "anthropic", 5.00, 25.00, 0.50, 6.25, None, "2026-11-28", "anthropic"),
    ("claude-opus-4-8",          "anthropic", 5.00, 25.00, 0.50, 6.25, None, "2026-11-28", "anthropic"),

    # Claude 5 / 5.5 (claude-haiku-5-5: base tier, prompts up to 100k tokens)
    ("claude-sonnet-5",   "anthropic", 2.00, 10.00, 0.20,  2.50, None, "2026-11-28", "anthropic"),
    ("claude-opus-5",     "anthropic", 5.00, 25.00, 0.50,  6.25, None, "2026-11-28", "anthropic"),
    ("claude-sonnet-5-5", "anthropic", 2.00, 10.00, 0.10,  2.50, None, "2026-11-28", "anthropic"),
    ("claude-opus-5-5",   "anthropic", 4.00, 20.00, 0.20,  5.00, None, "2026-11-28", "anthropic"),
    ("claude-haiku-5-5",  "anthropic", 0.10,  0.50, 0.01, 0.125, None, "2026-11-28", "anthropic"),

    # Claude Fable / Mythos. The datasets list different members: -5-2 only in
    # genai-prices, mythos-preview/-5/-5-1 only in litellm (same family prices).
    ("claude-fable-5",        "anthropic", 10.00, 50.00, 1.00, 12.50, None, "2026-11-28", "anthropic"),
    ("claude-fable-5-1",      "anthropic", 10.00, 50.00, 0.25, 12.50, None, "2026-11-28", "anthropic"),
    ("claude-fable-5-2",      "anthropic",  8.00, 40.00, 0.20, 10.00, None, "2026-11-28", "anthropic"),
    ("claude-mythos-preview", "anthropic", 10.00, 50.00, 1.00, 12.50, None, "2026-11-28", "litellm"),
    ("claude-mythos-5",       "anthropic", 10.00, 50.00, 1.00, 12.50, None, "2026-11-28", "litellm"),
    ("claude-mythos-5-1",     "anthropic", 10.00, 50.00, 0.25, 12.50, None, "2026-11-28", "litellm"),
    ("claude-mythos-5-2",     "anthropic",  8.00, 40.00, 0.20, 10.00, None, "2026-11-28", "anthropic"),

    # Rolling aliases: the price of the model each pointed to on the checked date
    # (litellm: -> claude-sonnet-5-5, claude-opus-5-5, claude-haiku-5-5, claude-fable-5-1).
    ("claude-sonnet-latest", "anthropic",  2.00, 10.00, 0.10,  2.50, None, "2026-11-28", "litellm"),
    ("claude-opus-latest",   "anthropic",  4.00, 20.00, 0.20,  5.00, None, "2026-11-28", "litellm"),
    ("claude-haiku-latest",  "anthropic",  0.10,  0.50, 0.01, 0.125, None, "2026-11-28", "litellm"),
    ("claude-fable-latest",  "anthropic", 10.00, 50.00, 0.25, 12.50, None, "2026-11-28", "litellm"),

    # ==========================================================================================
    # Google Gemini (Gemini API ids, without the "models/" prefix)
    # ==========================================================================================
    # Gemini 1.5 (retired; base tier, prompts up to 128k tokens). gemini-1.5-pro: the
    # genai-prices entry has no cache price, but its gemini-pro-1.5 entry for the same model
    # lists 0.3125 (1/4 of input, the same ratio as gemini-1.5-flash); chose 0.3125.
    ("gemini-1.5-pro",       "google",  1.25, 5.00,  0.3125, None, None, "2026-11-28", "legacy"),
    ("gemini-1.5-pro-001",   "google",  1.25, 5.00,  0.3125, None, None, "2026-11-28", "legacy"),
    ("gemini-1.5-pro-002",   "google",  1.25, 5.00,  0.3125, None, None, "2026-11-28", "legacy"),
    ("gemini-1.5-flash",     "google", 0.075, 0.30, 0.01875, None, None, "2026-11-28", "legacy"),
    ("gemini-1.5-flash-001", "google", 0.075, 0.30, 0.01875, None, None, "2026-11-28", "legacy"),
    ("gemini-1.5-flash-002", "google", 0.075, 0.30, 0.01875, None, None, "2026-11-28", "legacy"),

    # Gemini 1.5 Flash-8B: genai-prices matches these ids to gemini-1.5-flash (substring
    # match, 0.075 / 0.30); its own gemini-flash-1.5-8b entry lists these, chosen.
    ("gemini-1.5-flash-8b",     "google", 0.0375, 0.15, 0.01, None, None, "2026-11-28", "legacy"),
    ("gemini-1.5-flash-8b-001", "google", 0.0375, 0.15, 0.01, None, None, "2026-11-28", "legacy"),

    # Gemini 2.0 (retired)
    ("gemini-2.0-flash",          "google",  0.10, 0.40, 0.025, None, None, "2026-11-28", "legacy"),
    ("gemini-2.0-flash-001",      "google",  0.10, 0.40, 0.025, None, None, "2026-11-28", "legacy"),
    ("gemini-2.0-flash-lite",     "google", 0.075, 0.30,  None, None, None, "2026-11-28", "legacy"),
    ("gemini-2.0-flash-lite-001", "google", 0.075, 0.30,  None, None, None, "2026-11-28", "legacy"),

    # Gemini 2.5 (gemini-2.5-pro: base tier, prompts up to 200k tokens)
    ("gemini-2.5-pro",        "google", 1.25, 10.00, 0.125, None, None, "2026-11-28", "google"),
    ("gemini-2.5-flash",      "google", 0.30,  2.50,  0.03, None, None, "2026-11-28", "google"),
    ("gemini-2.5-flash-lite", "google", 0.10,  0.40,  0.01, None, None, "2026-11-28", "google"),
    ("gemini-2.5-computer-use-preview-10-2025",
     "google", 1.25, 10.00,  None, None, None, "2026-11-28", "litellm"),

    # Gemini 2.5 previews (litellm lists the 09-2025 ones only for Vertex AI, same price;
    # the 04-17 / 05-20 Flash previews are retired and had their own price)
    ("gemini-2.5-flash-preview-09-2025", "google", 0.30, 2.50, 0.03, None, None, "2026-11-28", "google"),
    ("gemini-2.5-flash-lite-preview-09-2025",
     "google", 0.10, 0.40, 0.01, None, None, "2026-11-28", "google"),
    ("gemini-2.5-flash-preview-05-20",   "google", 0.15, 0.60, None, None, None, "2026-11-28", "legacy"),
    ("gemini-2.5-flash-preview-04-17",   "google", 0.15, 0.60, None, None, None, "2026-11-28", "legacy"),

    # Gemini 3 / 3.1 (Pro: base tier, prompts up to 200k tokens; gemini-3-pro-preview is shut down)
    ("gemini-3-pro-preview",          "google", 2.00, 12.00,  0.20, None, None, "2026-11-28", "legacy"),
    ("gemini-3-flash-preview",        "google", 0.50,  3.00,  0.05, None, None, "2026-11-28", "google"),
    ("gemini-3.1-pro-preview",        "google", 2.00, 12.00,  0.20, None, None, "2026-11-28", "google"),
    ("gemini-3.1-pro-preview-customtools",
     "google", 2.00, 12.00,  0.20, None, None, "2026-11-28", "google"),
    ("gemini-3.1-flash-lite",         "google", 0.25,  1.50, 0.025, None, None, "2026-11-28", "google"),
    ("gemini-3.1-flash-lite-preview", "google", 0.25,  1.50, 0.025, None, None, "2026-11-28", "google"),

    # Gemini 3.5 - 3.8. 3.6/3.7/3.8 Flash: introductory price through 2026-12-31; genai-prices
    # lists 1.50 / 7.50 / 0.15 from 2027-01-01 (update the table then).
    ("gemini-3.5-flash",      "google", 1.50, 9.00,  0.15, None, None, "2026-11-28", "google"),
    ("gemini-3.5-flash-lite", "google", 0.30, 2.50,  0.03, None, None, "2026-11-28", "google"),
    ("gemini-3.6-flash",      "google", 0.75, 3.75, 0.075, None, None, "2026-11-28", "google"),
    ("gemini-3.7-flash",      "google", 0.75, 3.75, 0.075, None, None, "2026-11-28", "google"),
    ("gemini-3.8-flash",      "google", 0.75, 3.75, 0.075, None, None, "2026-11-28", "google"),

    # Gemini 4. gemini-4-argon: introductory price through 2026-11-30; genai-prices lists
    # 4.00 / 20.00 / 0.20 from 2026-12-01 (update the table then).
    ("gemini-4-argon",    "google", 2.00, 10.00,  0.10, None, None, "2026-11-28", "google"),
    ("gemini-4-hydrogen", "google", 1.50,  7.50, 0.075, None, None, "2026-11-28", "litellm"),

    # Gemini Omni (text/image/video in; text and video out; text token prices here)
    ("gemini-omni-flash-preview", "google", 1.50, 9.00, None, None, None, "2026-11-28", "google"),
    ("gemini-omni-1.1-flash",     "google", 1.50, 9.00, None, None, None, "2026-11-28", "google"),
    ("gemini-omni-1.2-flash",     "google", 1.50, 9.00, None, None, None, "2026-11-28", "litellm"),

    # Gemini Robotics ER 2: introductory price through 2026-12-31; genai-prices lists
    # 2.00 / 10.00 (/ 0.20) from 2027-01-01.
    ("gemini-robotics-er-2-preview", "google", 1.00, 5.00, 0.10, None, None, "2026-11-28", "google"),
    ("gemini-robotics-er-2-streaming-preview",
     "google", 1.00, 5.00, None, None, None, "2026-11-28", "google"),

    # Gemini Deep Research agents (token prices only; search queries are billed apart)
    ("deep-research-preview-04-2026", "google", 2.00, 12.00, None, None, None, "2026-11-28", "litellm"),
    ("deep-research-max-preview-04-2026",
     "google", 2.00, 12.00, None, None, None, "2026-11-28", "litellm"),

    # Rolling aliases: the price of the model each pointed to on the checked date
    # (-> gemini-3.1-pro-preview, gemini-3.8-flash (introductory price), gemini-3.5-flash-lite).
    ("gemini-pro-latest",        "google", 2.00, 12.00,  0.20, None, None, "2026-11-28", "google"),
    ("gemini-flash-latest",      "google", 0.75,  3.75, 0.075, None, None, "2026-11-28", "google"),
    ("gemini-flash-lite-latest", "google", 0.30,  2.50,  0.03, None, None, "2026-11-28", "google"),

    # Embeddings (no output price)
    ("gemini-embedding-001",       "google", 0.15, 0.00, None, None, None, "2026-11-28", "google"),
    ("gemini-embedding-2",         "google", 0.20, 0.00, None, None, None, "2026-11-28", "google"),
    ("gemini-embedding-2-preview", "google", 0.20, 0.00, None, None, None, "2026-11-28", "google"),
)
# fmt: on

#: Context tiers of a price: (above input tokens, input, output, cache read, cache write,
#: long cache write), ascending. Above the threshold, every token of the call bills at the
#: tier's rates (the cliff model); None: the tier's input rate (its write rate for long writes).
Tier = tuple[int, float, float, float | None, float | None, float | None]
#: A dated change: (from UTC date, input, output, cache read, cache write, long cache write,
#: its tiers); from 00:00 UTC that day on, that price (with its own tiers) applies.
Change = tuple[str, float, float, float | None, float | None, float | None, tuple[Tier, ...]]

#: model id -> tiers of its first price (ENTRIES).
TIERS: dict[str, tuple[Tier, ...]] = {}

#: model id -> its later prices, by date, ascending.
CHANGES: dict[str, tuple[Change, ...]] = {}
