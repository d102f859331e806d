"""Architecture checks: no import cycles, and imports only go down the layers.

The project's own modules are parsed with `ast` (nothing is imported), so these checks need no
database and no Django setup. Every import counts, including those inside functions and
if/try blocks: a cycle hidden in a function still ties the modules together.

Layers, lowest first; a module may import its own layer or a lower one, never a higher one:
  0 infrastructure  association.web.*
  1 newsroom        news.*
  2 app             association.<package>.* (every package under association/ but web, settings)
  3 project         association, association.settings.*, .urls, .wsgi, .asgi, manage,
                    gunicorn.conf

ARCHITECTURE_ROOT points the real-tree tests at another checkout (e.g. an old commit).
"""

import ast
import os
from pathlib import Path
from typing import NamedTuple

ROOT = Path(os.environ.get("ARCHITECTURE_ROOT") or Path(__file__).resolve().parent.parent)

PACKAGES = ("association", "news")
TOP_LEVEL_FILES = ("manage.py", "gunicorn.conf.py")
LAYER_NAMES = {0: "infrastructure", 1: "newsroom", 2: "app", 3: "project"}
WIRING = {"association", "association.urls", "association.wsgi", "association.asgi"}
WIRING |= {"manage", "gunicorn.conf"}
NOT_APPS = {"web", "settings"}


class Module(NamedTuple):
    path: Path  # relative to the root, for messages
    package: str  # what a relative import is relative to ("" at the top level)


class Import(NamedTuple):
    source: str
    target: str
    path: Path
    line: int

    def where(self):
        return f"{self.path.as_posix()}:{self.line}"


def project_modules(root):
    """Dotted module name -> Module for every file the checks cover."""
    modules = {}
    for name in TOP_LEVEL_FILES:
        if (root / name).is_file():
            # gunicorn.conf.py is a top-level file, not module "conf" of a package "gunicorn".
            modules[name.removesuffix(".py")] = Module(Path(name), "")
    for top in PACKAGES:
        for path in sorted((root / top).rglob("*.py")):
            parts = list(path.relative_to(root).with_suffix("").parts)
            is_package = parts[-1] == "__init__"
            if is_package:
                parts.pop()
            name = ".".join(parts)
            package = name if is_package else name.rpartition(".")[0]
            modules[name] = Module(path.relative_to(root), package)
    return modules


def _owner(name, modules):
    """The project module that `name` lands in: itself, or its longest prefix that is one."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def collect_imports(root):
    """Every import from one project module to another, with where it is written."""
    modules = project_modules(root)
    imports = []
    for source, module in modules.items():
        tree = ast.parse((root / module.path).read_text(encoding="utf-8"), str(module.path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                targets = [_owner(alias.name, modules) for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    # `from . import x` is relative to the package; each further dot goes up one.
                    base = module.package.split(".") if module.package else []
                    if node.level > len(base):
                        continue  # beyond the top-level package: Python refuses it too
                    base = base[: len(base) - (node.level - 1)]
                    pkg = ".".join(base + ([node.module] if node.module else []))
                else:
                    pkg = node.module
                # `from pkg import name` imports the submodule pkg.name when there is one,
                # otherwise a name from pkg itself (its __init__).
                targets = [
                    f"{pkg}.{alias.name}"
                    if f"{pkg}.{alias.name}" in modules
                    else _owner(pkg, modules)
                    for alias in node.names
                ]
            else:
                continue
            for target in dict.fromkeys(targets):
                if target:
                    imports.append(Import(source, target, module.path, node.lineno))
    return imports


def strongly_connected(graph):
    """Tarjan's algorithm, iterative (no recursion limit on deep import chains)."""
    index, low, stack, on_stack, components = {}, {}, [], set(), []

    def enter(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        work.append((node, iter(sorted(graph[node]))))

    for start in sorted(graph):
        if start in index:
            continue
        work = []
        enter(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is None:  # all of node's imports seen: close it
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:  # node is the root of a component
                    component = stack[stack.index(node) :]
                    del stack[stack.index(node) :]
                    on_stack.difference_update(component)
                    components.append(sorted(component))
            elif child not in index:
                enter(child)
            elif child in on_stack:
                low[node] = min(low[node], index[child])
    return components


def find_cycles(root):
    """One message per import cycle, listing the imports inside it that could be cut."""
    imports = collect_imports(root)
    graph = {name: set() for name in project_modules(root)}
    for imp in imports:
        graph[imp.source].add(imp.target)
    messages = []
    for component in strongly_connected(graph):
        members = set(component)
        if len(component) == 1 and component[0] not in graph[component[0]]:
            continue  # a lone module that does not import itself is no cycle
        lines = [f"import cycle between {len(component)} module(s): {', '.join(component)}"]
        for imp in sorted(imports, key=lambda i: (i.source, i.target, i.line)):
            if imp.source in members and imp.target in members:
                lines.append(f"  {imp.source} -> {imp.target}    {imp.where()}")
        messages.append("\n".join(lines))
    return messages


def layer_of(name, root):
    """The layer number of a project module, or None for a module that fits no layer."""
    parts = name.split(".")
    if name in WIRING or parts[:2] == ["association", "settings"]:
        return 3
    if parts[:2] == ["association", "web"]:
        return 0
    if parts[0] == "news":
        return 1
    # Apps are discovered from the directory, so a new association/members/ is one too.
    if len(parts) >= 2 and parts[1] not in NOT_APPS and (root / "association" / parts[1]).is_dir():
        return 2
    return None


def _describe(name, layer):
    return f"{name} ({layer} {LAYER_NAMES[layer]})" if layer is not None else f"{name} (no layer)"


def layer_breaks(root):
    """Messages for modules that fit no layer and for imports that reach a higher layer."""
    messages = []
    for name, module in project_modules(root).items():
        if layer_of(name, root) is None:
            messages.append(
                f"{module.path.as_posix()} belongs in a layer: move it into association/web/ "
                "(infrastructure), an app package, or it is project wiring"
            )
    for imp in collect_imports(root):
        source, target = layer_of(imp.source, root), layer_of(imp.target, root)
        if source is None:
            continue  # already reported above; where it goes decides what it may import
        # A module with no layer sits directly in association/, at the project's level: code
        # in a lower layer that imports it reaches up (e.g. news importing association.models).
        if (3 if target is None else target) > source:
            messages.append(
                f"{imp.where()}: {_describe(imp.source, source)} imports "
                f"{_describe(imp.target, target)}: a module may import only its own layer "
                "or a lower one"
            )
    return messages


# --- The real tree ---


def test_real_tree_has_modules_to_check():
    # A wrong root would make the other two checks pass on nothing.
    assert {"manage", "gunicorn.conf", "association.urls", "news"} <= project_modules(ROOT).keys()


def test_no_import_cycles():
    cycles = find_cycles(ROOT)
    assert not cycles, "\n\n".join(cycles)


def test_imports_follow_the_layers():
    breaks = layer_breaks(ROOT)
    assert not breaks, f"{len(breaks)} layer break(s):\n" + "\n".join(breaks)


# --- Synthetic trees: each kind of failure is caught ---


def make_tree(root, files):
    """Write files under root; every directory on the way becomes a package (an empty __init__)."""
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source, encoding="utf-8")
    for directory in [*root.glob("association/**"), *root.glob("news/**")]:
        if directory.is_dir() and not (directory / "__init__.py").exists():
            (directory / "__init__.py").write_text("", encoding="utf-8")
    return root


CLEAN = {
    "manage.py": "import association.settings.base\n",
    "gunicorn.conf.py": "import os\nwsgi_app = 'association.wsgi:application'\n",
    "association/urls.py": "from association.site import views\nfrom news import urls\n",
    "association/wsgi.py": "import django\n",
    "association/settings/base.py": "from association.web import storage\n",
    "association/web/storage.py": "from django.conf import settings\n",
    "association/web/cache/__init__.py": "from .files import read\n",
    "association/web/cache/files.py": "from ..storage import Storage\n\ndef read(): pass\n",
    "association/site/views.py": "from news.models import Article\nfrom association.web import cache\n",
    "news/models/__init__.py": "from .articles import Article\n",
    "news/models/articles.py": "from association.web.cache import read\n",
    "news/migrations/0001_initial.py": "from ..models import articles\n",
    "news/urls.py": "from . import models\n",
}


def test_clean_tree_passes(tmp_path):
    root = make_tree(tmp_path, CLEAN)
    assert find_cycles(root) == []
    assert layer_breaks(root) == []
    edges = {(i.source, i.target) for i in collect_imports(root)}
    # Relative imports, from __init__ files too, land on the right modules; django does not count.
    assert {
        ("association.web.cache", "association.web.cache.files"),
        ("association.web.cache.files", "association.web.storage"),
        ("news.migrations.0001_initial", "news.models.articles"),
        ("news.urls", "news.models"),
        ("association.site.views", "association.web.cache"),
    } <= edges
    assert not any(target.startswith("django") for _, target in edges)


def test_cycle_through_an_import_inside_a_function(tmp_path):
    caching = "import os\n\n\ndef bump():\n    from news.models import Article\n"
    files = {"news/models.py": "from news import caching\n", "news/caching.py": caching}
    [cycle] = find_cycles(make_tree(tmp_path, files))
    assert "news.caching, news.models" in cycle
    assert "news.caching -> news.models    news/caching.py:5" in cycle
    assert "news.models -> news.caching    news/models.py:1" in cycle


def test_relative_import_cycle_in_a_package(tmp_path):
    # The package's __init__ imports a submodule that imports a name back from the __init__.
    files = {
        "association/web/pagecache/__init__.py": "from .middleware import PageCache\n",
        "association/web/pagecache/middleware.py": "from . import VERSION\n",
    }
    [cycle] = find_cycles(make_tree(tmp_path, files))
    assert "association.web.pagecache, association.web.pagecache.middleware" in cycle
    assert "association/web/pagecache/__init__.py:1" in cycle
    assert "association/web/pagecache/middleware.py:1" in cycle


def test_self_import_is_a_cycle(tmp_path):
    [cycle] = find_cycles(make_tree(tmp_path, {"news/__init__.py": "from news import VERSION\n"}))
    assert "news -> news    news/__init__.py:1" in cycle


def test_infrastructure_importing_news(tmp_path):
    counters = "try:\n    import news.models\nexcept ImportError:\n    pass\n"
    files = {"association/web/counters.py": counters, "news/models.py": ""}
    assert layer_breaks(make_tree(tmp_path, files)) == [
        "association/web/counters.py:2: association.web.counters (0 infrastructure) imports "
        "news.models (1 newsroom): a module may import only its own layer or a lower one"
    ]


def test_news_importing_an_association_app(tmp_path):
    # "members" is not named anywhere in the checker: apps are found from the directory.
    views = "def view():\n    from association.members.models import Member\n"
    files = {"association/members/models.py": "", "news/views.py": views}
    [message] = layer_breaks(make_tree(tmp_path, files))
    assert message.startswith("news/views.py:2: news.views (1 newsroom) imports ")
    assert "association.members.models (2 app)" in message


def test_stray_module_directly_under_association(tmp_path):
    files = {"association/models.py": "", "news/views.py": "from association.models import Page\n"}
    stray, reach_up = layer_breaks(make_tree(tmp_path, files))
    assert stray.startswith("association/models.py belongs in a layer: move it into")
    assert reach_up.startswith("news/views.py:1: news.views (1 newsroom) imports ")
    assert "association.models (no layer)" in reach_up
