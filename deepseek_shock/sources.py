"""Where each ticker's prices come from: the registry behind the importer.

Every security in the snapshot has one *recommended* raw export (the file the
book reads) and, where one exists, a *cross-check* export from an independent
repository. The choices follow the market-data provenance notes (SOURCES.md),
which verified each file against the widely reported moves of 27 January 2025.
"""

from __future__ import annotations

from dataclasses import dataclass

#: First date of the snapshot: early enough for a full 250-day estimation
#: window before the October 2022 export rules.
SNAPSHOT_START = "2021-01-04"


@dataclass(frozen=True)
class Repo:
    """A public repository that a raw export was copied from."""

    name: str  # owner/name as on GitHub
    commit: str  # repository HEAD when the file was copied


REPOS: dict[str, Repo] = {
    r.name: r
    for r in [
        Repo("growwanalysis/nasdaq100", "51b1d5ba859d39183c4d2e3cb345ec2919d9a5dc"),
        Repo("heliar-k/market-base", "ea74518ee9fe9db8136ddcf28a3fe96894aab061"),
        Repo("cocoajonmat/quant-backtest", "889fbab4173542452c6b0718943224638641a02f"),
        Repo("CarlosGBerreteaga/trading-ai", "5d39eb6b3099be9a38ece580489a912c436a555e"),
        Repo("eevanthu/CS4602ML-FinalProject", "22958be50756167f10c6e913f87aefd3065ba7f7"),
        Repo("xunxuntj/US_Stock_Trading_Signal_Dashboard", "fdbe1607ccca155dff9172c5dba5ee06be22cae9"),
        Repo("dsturdy/Factor_Attribution", "712ab00cb7d01c788507bc417162a4269e29bf69"),
        Repo("leon7786/20260316Backtesting", "5703fb0eae7db6666f4bfb02223d8b18f61e8e24"),
        Repo("Koi-west/stock-predictor", "79ed933362ca06cabc8157374134061fbb393414"),
        Repo("ryofu1029-debug/jp-stock-analysis", "8d6e71c110a3d3856fd5ed6362975e3d87213793"),
        Repo("keroppa88/chart0", "b22d181e8cb6c7ae2403ba5dde013ea8fbf0b2ed"),
        Repo("Redart71/trading-agent", "4a337900d33c306092da4f299e21c02050f85e19"),
        Repo("Knight-Peterson-world/stan-stock-analyser", "42b2106bff6cfcd9b9d7384330c762830d08ef32"),
    ]
}


@dataclass(frozen=True)
class RawFile:
    """One raw export: repository, path inside it, and how to read it.

    ``layout`` names a parser in :mod:`deepseek_shock.importer`; ``column`` picks
    one series out of a wide table; ``adjusted`` says whether the file's
    ``Close`` is already dividend-adjusted.
    """

    repo: str
    path: str
    layout: str
    adjusted: bool
    column: str | None = None

    @property
    def local_dir(self) -> str:
        """Folder name of the repository inside the raw-export directory."""
        return self.repo.replace("/", "__")

    @property
    def commit(self) -> str:
        return REPOS[self.repo].commit


@dataclass(frozen=True)
class Security:
    """A ticker in the snapshot and the files it is built from."""

    ticker: str
    name: str
    currency: str
    calendar: str  # exchange-calendars code, e.g. XNYS
    primary: RawFile
    crosscheck: RawFile | None = None


def _grow(t: str) -> RawFile:
    return RawFile("growwanalysis/nasdaq100", f"data/{t}.csv", "yf_adjclose", adjusted=False)


def _heliar_stock(t: str) -> RawFile:
    return RawFile("heliar-k/market-base", f"data/stocks/{t}.csv", "lowercase", adjusted=False)


def _heliar_index(name: str) -> RawFile:
    return RawFile("heliar-k/market-base", f"data/indices/{name}.csv", "lowercase", adjusted=False)


def _cocoa(t: str) -> RawFile:
    return RawFile("cocoajonmat/quant-backtest", f"data/{t}.csv", "yf_new", adjusted=True)


def _carlos(t: str) -> RawFile:
    return RawFile("CarlosGBerreteaga/trading-ai", f"data/{t}.csv", "yf_old", adjusted=True)


def _dsturdy(t: str) -> RawFile:
    return RawFile("dsturdy/Factor_Attribution", f"data/{t}.csv", "close_only", adjusted=True)


def _asset_prices(col: str) -> RawFile:
    return RawFile(
        "heliar-k/market-base", "data/yfinance/asset_prices.csv", "wide", adjusted=True, column=col
    )


def _us(ticker: str, name: str, primary: RawFile, crosscheck: RawFile | None) -> Security:
    return Security(ticker, name, "USD", "XNYS", primary, crosscheck)


SECURITIES: list[Security] = [
    _us("NVDA", "NVIDIA", _grow("NVDA"), _heliar_stock("NVDA")),
    _us("AVGO", "Broadcom", _grow("AVGO"), _heliar_stock("AVGO")),
    _us("TSM", "TSMC (ADR)", _heliar_stock("TSM"),
        RawFile("leon7786/20260316Backtesting", "data/TSM.csv", "yf_new", adjusted=True)),
    _us("AMD", "AMD", _grow("AMD"), _heliar_stock("AMD")),
    _us("MU", "Micron", _grow("MU"), _heliar_stock("MU")),
    _us("ASML", "ASML (ADR)", _cocoa("ASML"),
        RawFile("leon7786/20260316Backtesting", "data/ASML.csv", "yf_new", adjusted=True)),
    _us("ARM", "Arm Holdings", _grow("ARM"), _cocoa("ARM")),
    _us("MRVL", "Marvell", _grow("MRVL"), _cocoa("MRVL")),
    _us("SMCI", "Super Micro Computer", _cocoa("SMCI"), _carlos("SMCI")),
    _us("INTC", "Intel", _grow("INTC"), _heliar_stock("INTC")),
    _us("QCOM", "Qualcomm", _grow("QCOM"), _cocoa("QCOM")),
    _us("ORCL", "Oracle", _carlos("ORCL"), _dsturdy("ORCL")),
    _us("DELL", "Dell Technologies", _carlos("DELL"), _dsturdy("DELL")),
    _us("ANET", "Arista Networks", _cocoa("ANET"), _carlos("ANET")),
    _us("MSFT", "Microsoft", _grow("MSFT"), _heliar_stock("MSFT")),
    _us("GOOGL", "Alphabet (class A)", _grow("GOOGL"), _cocoa("GOOGL")),
    _us("META", "Meta Platforms", _grow("META"), _heliar_stock("META")),
    _us("AMZN", "Amazon", _grow("AMZN"), _heliar_stock("AMZN")),
    _us("AAPL", "Apple", _heliar_stock("AAPL"), _cocoa("AAPL")),
    _us("VST", "Vistra", _cocoa("VST"), _carlos("VST")),
    _us("CEG", "Constellation Energy", _grow("CEG"), _cocoa("CEG")),
    _us("^GSPC", "S&P 500", _heliar_index("SPX"),
        RawFile("eevanthu/CS4602ML-FinalProject", "data/raw/SPX.csv", "yf_new", adjusted=True)),
    _us("^IXIC", "Nasdaq Composite", _heliar_index("IXIC"),
        RawFile("eevanthu/CS4602ML-FinalProject", "data/raw/NASDAQ.csv", "yf_new", adjusted=True)),
    _us("^NDX", "Nasdaq-100", _asset_prices("NDX"), None),
    _us("^SOX", "PHLX Semiconductor index", _heliar_index("SOX"),
        RawFile("eevanthu/CS4602ML-FinalProject", "data/raw/SOX.csv", "yf_new", adjusted=True)),
    _us("SOXX", "iShares Semiconductor ETF",
        RawFile("xunxuntj/US_Stock_Trading_Signal_Dashboard", "data/SOXX.csv", "yf_history", adjusted=True),
        _asset_prices("SOXX")),
    _us("SMH", "VanEck Semiconductor ETF", _dsturdy("SMH"), _asset_prices("SMH")),
    _us("SPY", "SPDR S&P 500 ETF", _cocoa("SPY"), _heliar_stock("SPY")),
    _us("QQQ", "Invesco QQQ (Nasdaq-100 ETF)", _heliar_stock("QQQ"),
        RawFile("xunxuntj/US_Stock_Trading_Signal_Dashboard", "data/QQQ.csv", "yf_history", adjusted=True)),
    _us("^VIX", "CBOE Volatility index",
        RawFile("heliar-k/market-base", "data/cboe/volatility.csv", "wide", adjusted=True, column="VIX"),
        RawFile("xunxuntj/US_Stock_Trading_Signal_Dashboard", "data/^VIX.csv", "yf_history", adjusted=True)),
    Security("8035.T", "Tokyo Electron", "JPY", "XTKS",
             RawFile("keroppa88/chart0", "data/8035.csv", "jquants", adjusted=False),
             RawFile("ryofu1029-debug/jp-stock-analysis", "data/raw/8035.T.csv", "yf_old", adjusted=True)),
    Security("6857.T", "Advantest", "JPY", "XTKS",
             RawFile("keroppa88/chart0", "data/6857.csv", "jquants", adjusted=False),
             RawFile("ryofu1029-debug/jp-stock-analysis", "data/raw/6857.T.csv", "yf_old", adjusted=True)),
    Security("9984.T", "SoftBank Group", "JPY", "XTKS",
             RawFile("keroppa88/chart0", "data/9984.csv", "jquants", adjusted=False),
             RawFile("ryofu1029-debug/jp-stock-analysis", "data/raw/9984.T.csv", "yf_old", adjusted=True)),
    Security("SU.PA", "Schneider Electric", "EUR", "XPAR",
             RawFile("Redart71/trading-agent", "data/SU.PA.csv", "yf_old", adjusted=True),
             RawFile("Knight-Peterson-world/stan-stock-analyser", "data/SU.PA.csv", "close_only",
                     adjusted=True)),
    _us("BABA", "Alibaba (ADR)", RawFile("Koi-west/stock-predictor", "data/BABA.csv", "yf_new", adjusted=True),
        _dsturdy("BABA")),
    _us("BIDU", "Baidu (ADR)", RawFile("Koi-west/stock-predictor", "data/BIDU.csv", "yf_new", adjusted=True),
        _dsturdy("BIDU")),
    Security("0700.HK", "Tencent", "HKD", "XHKG",
             RawFile("leon7786/20260316Backtesting", "data/0700_HK.csv", "yf_new", adjusted=True),
             RawFile("Koi-west/stock-predictor", "data/0700.HK.csv", "yf_new", adjusted=True)),
]

BY_TICKER: dict[str, Security] = {s.ticker: s for s in SECURITIES}

#: Five-minute bars kept for the days around the event (regular hours only).
INTRADAY: dict[str, RawFile] = {
    "NVDA": RawFile("heliar-k/market-base", "data/stocks/NVDA_5m.csv", "intraday", adjusted=False),
    "^SOX": RawFile("heliar-k/market-base", "data/indices/SOX_5m.csv", "intraday", adjusted=False),
    "^GSPC": RawFile("heliar-k/market-base", "data/indices/SPX_5m.csv", "intraday", adjusted=False),
    "^IXIC": RawFile("heliar-k/market-base", "data/indices/IXIC_5m.csv", "intraday", adjusted=False),
}
INTRADAY_START = "2025-01-21"
INTRADAY_END = "2025-01-31"


def file_stem(ticker: str) -> str:
    """File name (without extension) used for a ticker in ``data/``: ``^GSPC`` -> ``GSPC``."""
    return ticker.replace("^", "").replace(".", "_")
