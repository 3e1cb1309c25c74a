"""A deterministic generator of synthetic IRS letters, rendered as text PDFs, scans and photos.

Every name, address and number is invented. Each written file ``X.ext`` gets ``X.expected.json``
beside it: the ground truth in the scanner's result-contract shape, limited to what that
rendering shows.
"""

from __future__ import annotations
