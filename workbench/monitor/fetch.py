"""Polite and safe HTTP fetching for scraped sources.

One ``Fetcher`` serves one monitor cycle. Every request it makes:

- goes to http or https only;
- is checked against server-side request forgery: the host is resolved once, every address
  must be public (not private, loopback, link-local, reserved, multicast …) unless the source is
  marked *internal*, and the connection is pinned to the checked address (the Host header and
  TLS server name keep the real host name), so a second DNS answer cannot slip past the check;
  redirects are followed by hand, each hop checked the same way (an internal source's only within
  its own host);
- honours robots.txt (fetched through the same guards, parsed with ``urllib.robotparser``,
  cached per scheme+host+port for ``robots_ttl``; missing → allowed, server error or unreachable → disallowed, as
  RFC 9309 says) including its Crawl-delay;
- waits for the per-host minimum interval;
- has timeouts (connect, each read, and the whole body) and a body size cap (the stream is
  aborted when it passes the cap);
- retries 5xx answers, timeouts and connection errors with exponential backoff, never 4xx;
- sends If-None-Match / If-Modified-Since when the caller knows an ETag / Last-Modified, and
  reports a 304 as ``not_modified``.

Test hooks (never set in production): ``resolver`` maps a host name to addresses instead of
DNS, and ``public_hosts`` names hosts that count as public whatever they resolve to, so a test can
simulate a public site on 127.0.0.1 and show that its redirect to a private address is refused.
"""
from __future__ import annotations

import codecs
import ipaddress
import re
import socket
import time
from dataclasses import dataclass, field
from typing import Callable, Iterable
from urllib.robotparser import RobotFileParser

import httpx

USER_AGENT = "workbench-monitor/0.1 (workplace public-opinion workbench)"
ROBOTS_AGENT = "workbench-monitor"  # the token robots.txt rules are matched against
REDIRECTS = (301, 302, 303, 307, 308)
MAX_CRAWL_DELAY = 60.0  # a robots.txt cannot stall a cycle for longer than this per request


class FetchError(Exception):
    """A fetch that failed; ``kind`` is one of scheme, blocked, robots, http, timeout,
    too_large, network, redirects; the message is Chinese and names the URL."""

    def __init__(self, kind: str, message: str, *, url: str, status: int | None = None):
        self.kind = kind
        self.url = url
        self.status = status
        super().__init__(message)


@dataclass
class FetchResult:
    """A fetched resource (or a 304: ``not_modified`` with no content)."""

    url: str
    final_url: str
    status: int
    headers: dict[str, str]
    content: bytes = b""
    not_modified: bool = False

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "")

    @property
    def text(self) -> str:
        """The body decoded (declared charset, BOM, meta charset, then detection)."""
        return decode_html(self.content, self.content_type)


# ---------------------------------------------------------------- encodings

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
# GB2312 and GBK labels are often wrong about the exact set; GB18030 is a superset of both.
_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030", "cp936": "gb18030"}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _ALIASES.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _header_charset(content_type: str) -> str | None:
    m = re.search(r"charset\s*=\s*([^\s;]+)", content_type or "", re.I)
    return _codec(m.group(1)) if m else None


def detect_encoding(content: bytes, content_type: str = "") -> str:
    """The encoding of an HTML/text body: BOM, HTTP charset, ``<meta charset>``, then
    UTF-8 if it decodes, then charset-normalizer's best guess (GBK pages land here)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    declared = [_header_charset(content_type)]
    m = _CHARSET.search(content[:4096])
    declared.append(_codec(m.group(1).decode("ascii", "ignore")) if m else None)
    for enc in declared:
        if enc:
            try:
                content.decode(enc)
                return enc
            except UnicodeDecodeError:
                continue  # a wrong label: fall through to detection
    try:
        content.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(content[:200_000]).best()
    enc = _codec(best.encoding) if best else None
    return enc or "gb18030"


def decode_html(content: bytes, content_type: str = "") -> str:
    """``content`` as text in its detected encoding (undecodable bytes replaced)."""
    return content.decode(detect_encoding(content, content_type), errors="replace")


# ---------------------------------------------------------------- address checks

def _host_of(url: str) -> str | None:
    """The host name of ``url`` (lower case), None when it has none or is malformed."""
    try:
        return httpx.URL(url).host.lower() or None
    except Exception:
        return None


def _default_resolver(host: str) -> list[str]:
    infos = socket.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def is_public_address(address: str) -> bool:
    """Whether ``address`` is a global unicast address (not private, loopback, link-local,
    reserved, multicast, unspecified or shared)."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_global and not ip.is_multicast


@dataclass
class _Target:
    url: httpx.URL  # as the user wrote it (host name kept)
    address: str  # the checked address the connection goes to


@dataclass
class Fetcher:
    """See the module docstring. Use as a context manager or call ``close()``."""

    timeout: float = 10.0
    max_bytes: int = 5 * 1024 * 1024
    retries: int = 2
    backoff: float = 1.0
    min_interval: float = 1.0
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    respect_robots: bool = True
    robots_ttl: float = 3600.0  # a long-running monitor re-reads robots.txt after this many seconds
    resolver: Callable[[str], Iterable[str]] | None = None
    public_hosts: Iterable[str] = ()
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    _client: httpx.Client = field(init=False, repr=False)
    _last: dict[str, float] = field(init=False, repr=False, default_factory=dict)
    _interval: dict[str, float] = field(init=False, repr=False, default_factory=dict)
    _robots: dict[str, tuple[float, RobotFileParser]] = field(init=False, repr=False, default_factory=dict)

    def __post_init__(self) -> None:
        self.public_hosts = {h.lower() for h in self.public_hosts}
        # trust_env=False: a proxy from the environment would bypass the address pinning
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.timeout),
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": self.user_agent},
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ------------------------------------------------------------ public

    def fetch(
        self,
        url: str,
        *,
        internal: bool = False,
        etag: str | None = None,
        last_modified: str | None = None,
    ) -> FetchResult:
        """GET ``url`` through every guard; raises ``FetchError`` on refusal or failure."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, internal=internal, headers=headers, robots=self.respect_robots, retries=self.retries)

    # ------------------------------------------------------------ steps

    def _get(self, url: str, *, internal: bool, headers: dict[str, str], robots: bool, retries: int) -> FetchResult:
        current = url
        home = _host_of(url)
        for _hop in range(self.max_redirects + 1):
            if internal and _host_of(current) != home:
                # internal only vouches for the source's own host: its redirects go nowhere else
                raise FetchError("redirects", f"内部采集源只能重定向到本主机 {home}，拒绝跳转到 {current}（{url}）", url=url)
            target = self._check(current, internal)
            if robots and not self._robots_allow(target, internal):
                raise FetchError("robots", f"robots.txt 不允许采集 {current}", url=current)
            result = self._request(target, headers, retries)
            location = result.headers.get("location")
            if result.status in REDIRECTS and location:
                current = str(target.url.join(location))
                continue
            result.url = url
            return result
        raise FetchError("redirects", f"重定向超过 {self.max_redirects} 次：{url}", url=url)

    def _check(self, url: str, internal: bool) -> _Target:
        try:
            parsed = httpx.URL(url)
        except Exception:
            raise FetchError("scheme", f"网址格式不正确：{url}", url=url) from None
        if parsed.scheme not in ("http", "https") or not parsed.host:
            raise FetchError("scheme", f"只允许 http / https 网址：{url}", url=url)
        host = parsed.host.lower()
        resolve = self.resolver or _default_resolver
        try:
            addresses = list(resolve(host))
        except (OSError, UnicodeError):
            raise FetchError("network", f"无法解析主机名 {host}：{url}", url=url) from None
        if not addresses:
            raise FetchError("network", f"无法解析主机名 {host}：{url}", url=url)
        if not internal and host not in self.public_hosts:
            blocked = [a for a in addresses if not is_public_address(a)]
            if blocked:
                raise FetchError(
                    "blocked",
                    f"拒绝访问内网或保留地址 {blocked[0]}（{url}）；如确属内部来源，请将采集源标记为“内部”",
                    url=url,
                )
        return _Target(parsed, addresses[0])

    def _robots_allow(self, target: _Target, internal: bool) -> bool:
        url = target.url
        key = f"{url.scheme}://{url.netloc.decode('ascii')}"
        cached = self._robots.get(key)
        parser = cached[1] if cached and self.clock() - cached[0] < self.robots_ttl else None
        if parser is None:
            parser = RobotFileParser()
            try:
                res = self._get(key + "/robots.txt", internal=internal, headers={}, robots=False, retries=0)
                parser.parse(decode_html(res.content, res.content_type).splitlines())
            except FetchError as e:
                if e.kind == "http" and e.status is not None and 400 <= e.status < 500:
                    parser.allow_all = True  # no robots.txt: everything allowed
                else:
                    parser.disallow_all = True  # unreachable or server error: assume disallowed
            delay = parser.crawl_delay(ROBOTS_AGENT)
            if delay:
                self._interval[key.split("://", 1)[1]] = min(float(delay), MAX_CRAWL_DELAY)
            self._robots[key] = (self.clock(), parser)
        return parser.can_fetch(ROBOTS_AGENT, str(url))

    def _wait_turn(self, host: str) -> None:
        interval = max(self.min_interval, self._interval.get(host, 0.0))
        last = self._last.get(host)
        if last is not None:
            wait = interval - (self.clock() - last)
            if wait > 0:
                self.sleep(wait)
        self._last[host] = self.clock()

    def _request(self, target: _Target, headers: dict[str, str], retries: int) -> FetchResult:
        url = target.url
        shown = str(url)
        pinned = url if url.host == target.address else url.copy_with(host=target.address)
        send_headers = {**headers, "Host": url.netloc.decode("ascii")}
        extensions = {"sni_hostname": url.host} if url.scheme == "https" else {}
        failure: FetchError | None = None
        for attempt in range(retries + 1):
            if attempt:
                self.sleep(self.backoff * 2 ** (attempt - 1))
            self._wait_turn(url.netloc.decode("ascii"))
            try:
                request = self._client.build_request("GET", pinned, headers=send_headers, extensions=extensions)
                response = self._client.send(request, stream=True)
            except httpx.TimeoutException:
                failure = FetchError("timeout", f"请求超时（{self.timeout:g} 秒）：{shown}", url=shown)
                continue
            except httpx.HTTPError as e:
                failure = FetchError("network", f"连接失败（{type(e).__name__}）：{shown}", url=shown)
                continue
            try:
                status = response.status_code
                info = {k.lower(): v for k, v in response.headers.items()}
                if status >= 500:
                    failure = FetchError("http", f"服务器错误 HTTP {status}：{shown}", url=shown, status=status)
                    continue
                if status == 304:
                    return FetchResult(shown, shown, status, info, not_modified=True)
                if status in REDIRECTS:
                    return FetchResult(shown, shown, status, info)
                if status >= 400:
                    raise FetchError("http", f"HTTP {status}：{shown}", url=shown, status=status)
                return FetchResult(shown, shown, status, info, self._read_body(response, shown))
            except httpx.TimeoutException:
                failure = FetchError("timeout", f"读取超时（{self.timeout:g} 秒）：{shown}", url=shown)
            except httpx.HTTPError as e:
                failure = FetchError("network", f"读取失败（{type(e).__name__}）：{shown}", url=shown)
            finally:
                response.close()
        assert failure is not None
        if retries:
            failure.args = (f"{failure.args[0]}（已重试 {retries} 次）",)
        raise failure

    def _read_body(self, response: httpx.Response, shown: str) -> bytes:
        too_large = FetchError("too_large", f"响应超过 {self.max_bytes:,} 字节上限，已中止：{shown}", url=shown)
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise too_large
        deadline = time.monotonic() + self.timeout
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > self.max_bytes:
                raise too_large
            if time.monotonic() > deadline:
                raise FetchError("timeout", f"下载正文超时（{self.timeout:g} 秒）：{shown}", url=shown)
            chunks.append(chunk)
        return b"".join(chunks)
