"""Propagation path: the repost / reply trees of an incident and their cascades.

A post whose ``parent_external_id`` names another post of the same platform in the incident is
that post's child; the others are roots (original posts). Depth 0 is a root.
"""
from __future__ import annotations

import math

import pandas as pd
import plotly.graph_objects as go

from .. import config
from ..plaintext import chart_label
from ..chart_dates import chinese_dates
from .reach import hotness


def repost_tree(posts: pd.DataFrame) -> pd.DataFrame:
    """The posts with ``parent_post_id``, ``root_post_id``, ``depth`` and ``descendants`` added.

    Parents outside the given posts (or on another platform) leave the post a root.
    """
    tree = posts.copy()
    by_key = {(p, e): pid for p, e, pid in zip(tree["platform"], tree["external_id"], tree["post_id"])}
    parent = [
        by_key.get((p, e)) if isinstance(e, str) and e else None
        for p, e in zip(tree["platform"], tree["parent_external_id"])
    ]
    parent = [None if q == pid else q for q, pid in zip(parent, tree["post_id"])]
    tree["parent_post_id"] = pd.array(parent, dtype="Int64")
    parent_of = dict(zip(tree["post_id"], parent))
    depth: dict[int, int] = {}
    root: dict[int, int] = {}

    for pid in tree["post_id"]:
        chain, node = [], pid
        while node not in depth:
            chain.append(node)
            up = parent_of.get(node)
            if up is None or up in chain:  # a root, or a cycle in bad data cut here
                depth[node], root[node] = 0, node
                chain.pop()
                break
            node = up
        for n in reversed(chain):
            up = parent_of[n]
            depth[n], root[n] = depth[up] + 1, root[up]
    tree["depth"] = tree["post_id"].map(depth).astype("int64")
    tree["root_post_id"] = tree["post_id"].map(root).astype("int64")
    descendants = dict.fromkeys(tree["post_id"], 0)
    for pid in sorted(depth, key=depth.get, reverse=True):
        up = parent_of.get(pid)
        if up is not None and depth[pid] > 0 and depth[up] == depth[pid] - 1:
            descendants[up] += descendants[pid] + 1
    tree["descendants"] = tree["post_id"].map(descendants).astype("int64")
    return tree


def cascades(tree: pd.DataFrame) -> pd.DataFrame:
    """One row per root with children: platform, author, size, depth, reach and time span."""
    if tree.empty:
        return pd.DataFrame(columns=["root_post_id", "platform", "author", "size", "max_depth", "hotness",
                                     "first_at", "last_at"])
    t = tree.assign(hotness=hotness(tree))
    g = t.groupby("root_post_id")
    out = pd.DataFrame({
        "size": g.size(),
        "max_depth": g["depth"].max(),
        "hotness": g["hotness"].sum().round(1),
        "first_at": g["published_at"].min(),
        "last_at": g["published_at"].max(),
    }).reset_index()
    roots = t.set_index("post_id")[["platform", "author", "text_masked"]]
    out = out.join(roots, on="root_post_id")
    out = out[out["size"] > 1].sort_values(["size", "hotness"], ascending=False, ignore_index=True)
    return out[["root_post_id", "platform", "author", "size", "max_depth", "hotness", "first_at", "last_at", "text_masked"]]


def path_figure(tree: pd.DataFrame, top_cascades: int = 8) -> go.Figure:
    """The largest cascades drawn over time: x = publication time, y = cascade (root), node size = reach.

    Lines join each repost / reply to its parent, so one sees who spread what, and when.
    """
    fig = go.Figure()
    if tree.empty:
        return fig
    sizes = tree.groupby("root_post_id").size().sort_values(ascending=False)
    roots = [r for r in sizes.index[:top_cascades] if sizes[r] > 1]
    part = tree[tree["root_post_id"].isin(roots)].copy()
    if part.empty:
        return fig
    part["at"] = pd.to_datetime(part["published_at"], utc=True).dt.tz_convert(config.TIMEZONE)
    lane = {r: i for i, r in enumerate(roots)}
    part["y"] = part["root_post_id"].map(lane) + part["depth"].clip(upper=6) * 0.12
    pos = part.set_index("post_id")[["at", "y"]]
    xs, ys = [], []
    for row in part.dropna(subset=["parent_post_id"]).itertuples():
        if row.parent_post_id in pos.index:
            xs += [pos.at[row.parent_post_id, "at"], row.at, None]
            ys += [pos.at[row.parent_post_id, "y"], row.y, None]
    fig.add_scatter(x=xs, y=ys, mode="lines", line={"width": 0.6, "color": "#aaaaaa"}, hoverinfo="skip",
                    showlegend=False)
    reach = hotness(part)
    for platform, grp in part.groupby("platform"):
        fig.add_scatter(
            x=grp["at"], y=grp["y"], mode="markers", name=platform,
            marker={"size": [4 + 3 * math.log10(1 + v) for v in reach.loc[grp.index]], "opacity": 0.8},
            customdata=list(zip(map(chart_label, grp["author"]), grp["depth"], grp["descendants"])),
            hovertemplate="%{customdata[0]}<br>第 %{customdata[1]} 层，带动 %{customdata[2]} 次转发/回复<extra></extra>",
        )
    labels = part[part["depth"] == 0].set_index("root_post_id")["author"]
    fig.update_yaxes(tickvals=list(lane.values()), ticktext=[chart_label(labels.get(r, r)) for r in roots], title="传播链（首发作者）")
    fig.update_layout(xaxis_title="时间（北京时间）", height=120 + 45 * len(roots), margin={"t": 10, "l": 10, "r": 10, "b": 10},
                      legend_title="平台")
    return chinese_dates(fig)
