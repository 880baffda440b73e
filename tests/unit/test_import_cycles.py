"""No import cycle anywhere in ehr_sim, counting imports inside functions and type-only ones.

import-linter's contracts (pyproject.toml, run by packaging/test.sh) check cycles between
siblings; this checks every pair of modules, so a loop through a lazy import fails too.
"""

from __future__ import annotations

import grimp


def module_cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The groups of modules that import each other in a loop (Tarjan's strongly connected
    components with more than one module, or a module importing itself)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []

    def visit(start: str) -> None:
        # Iterative, so a deep import chain cannot hit the recursion limit.
        work = [(start, iter(sorted(graph.find_modules_directly_imported_by(start))))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            module, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append(
                        (child, iter(sorted(graph.find_modules_directly_imported_by(child))))
                    )
                elif child in on_stack:
                    low[module] = min(low[module], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[module])
            if low[module] == index[module]:
                group = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.append(member)
                    if member == module:
                        break
                if len(group) > 1 or module in graph.find_modules_directly_imported_by(module):
                    cycles.append(sorted(group))

    for module in sorted(graph.modules):
        if module not in index:
            visit(module)
    return cycles


def test_no_module_of_ehr_sim_imports_itself_round_a_loop() -> None:
    graph = grimp.build_graph("ehr_sim", cache_dir=None)
    assert len(graph.modules) > 100  # the whole package was read
    assert module_cycles(graph) == []


def test_a_loop_through_an_import_inside_a_function_is_found() -> None:
    graph = grimp.ImportGraph()
    for module in ("pkg", "pkg.a", "pkg.b", "pkg.c"):
        graph.add_module(module)
    graph.add_import(importer="pkg.a", imported="pkg.b", line_number=1, line_contents="import")
    graph.add_import(importer="pkg.b", imported="pkg.c", line_number=9, line_contents="lazy")
    graph.add_import(importer="pkg.c", imported="pkg.a", line_number=20, line_contents="lazy")
    assert module_cycles(graph) == [["pkg.a", "pkg.b", "pkg.c"]]
