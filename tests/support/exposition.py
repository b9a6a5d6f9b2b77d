"""Read sample values out of a Prometheus text exposition: one parser for every test folder.

``SampleReader(text)`` parses the text with ``prometheus_client``'s own parser and answers
by sample name and labels: ``value`` (one sample, which must be there), ``get`` (one sample
or a default), ``total`` (the sum over every sample whose labels include the given ones)
and ``label_values`` (the values a label takes). ``total(text, ...)`` and
``label_values(text, ...)`` ask one question of a text directly. An exposition names each
series once; a text that repeats one fails the test rather than being read two ways.

The root conftest serves these as the ``read``, ``total`` and ``values`` fixtures for
tests/metrics and tests/telemetry. ``prometheus_client`` is imported only when a text is
parsed, so this module imports in every cell.
"""

from __future__ import annotations

#: (sample name, sorted label items) -> value
Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def parse_samples(text: str) -> Samples:
    """Parse a text exposition into its samples; fail if it repeats a series."""
    from prometheus_client.parser import text_string_to_metric_families

    samples: Samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            key = (sample.name, tuple(sorted(sample.labels.items())))
            assert key not in samples, f"sample {sample.name}{sample.labels} twice in:\n{text}"
            samples[key] = sample.value
    return samples


class SampleReader:
    """Reads sample values out of a text exposition."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.samples = parse_samples(text)

    def value(self, name: str, **labels: str) -> float:
        """The value of one sample; fails the test if it is absent."""
        key = (name, tuple(sorted(labels.items())))
        assert key in self.samples, f"no sample {name}{labels} in:\n{self.text}"
        return self.samples[key]

    def get(self, name: str, default: float = 0.0, **labels: str) -> float:
        """The value of one sample, or ``default`` if it is absent."""
        return self.samples.get((name, tuple(sorted(labels.items()))), default)

    def total(self, name: str, **labels: str) -> float:
        """The sum of every sample of ``name`` whose labels include ``labels``."""
        wanted = set(labels.items())
        return sum(
            v for (n, items), v in self.samples.items() if n == name and wanted <= set(items)
        )

    def label_values(self, name: str, label: str) -> set[str]:
        """The distinct values of ``label`` among the samples of ``name``.

        Fails the test if a sample of ``name`` has no ``label``.
        """
        found: set[str] = set()
        for sample_name, items in self.samples:
            if sample_name == name:
                labels = dict(items)
                assert label in labels, f"sample {name}{labels} has no {label!r} in:\n{self.text}"
                found.add(labels[label])
        return found


def total(text: str, name: str, **labels: str) -> float:
    """Sum the samples called ``name`` whose labels include ``labels``, in exposition ``text``."""
    return SampleReader(text).total(name, **labels)


def label_values(text: str, name: str, label: str) -> set[str]:
    """Return the values that ``label`` takes in the samples called ``name`` in ``text``."""
    return SampleReader(text).label_values(name, label)
