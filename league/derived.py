"""Join a grouped queryset to a queryset as a derived table, once.

Django's ORM annotates a row with a child table's aggregate either through a JOIN (two
one-to-many children in one GROUP BY multiply each other's sums) or through a correlated
subquery (run again for every row). `join_derived` adds

    LEFT OUTER JOIN (<grouped queryset>) alias ON parent.column = alias.column

to a queryset's query, so each child table is aggregated once, in its own GROUP BY, and
`derived_col` reads a column of it in annotations, filters and ordering. The result is
still a queryset: filters, pagination and `aggregate` work on it as on any other.
"""

from django.db.models import Expression, Field, QuerySet
from django.db.models.sql.constants import LOUTER


class DerivedJoin:
    """An entry of `Query.alias_map` (see django.db.models.sql.datastructures.Join)."""

    nullable = True
    filtered_relation = None

    def __init__(self, queryset, name, parent_alias, parent_column, column, extra=None):
        self.queryset = queryset
        self.table_name = name
        self.table_alias = None  # set by Query.join
        self.parent_alias = parent_alias
        self.parent_column = parent_column
        self.column = column
        self.extra = dict(extra or {})  # {column: value} also required in the ON clause
        self.join_type = LOUTER

    def as_sql(self, compiler, connection):
        inner_sql, inner_params = self.queryset.query.get_compiler(connection=connection).as_sql()
        qn = compiler.quote_name
        alias = qn(self.table_alias)
        conditions = [
            f"{qn(self.parent_alias)}.{qn(self.parent_column)} = {alias}.{qn(self.column)}"
        ]
        params = list(inner_params)
        for column, value in self.extra.items():
            conditions.append(f"{alias}.{qn(column)} = %s")
            params.append(value)
        return f"LEFT OUTER JOIN ({inner_sql}) {alias} ON ({' AND '.join(conditions)})", params

    def relabeled_clone(self, change_map):
        clone = self.__class__(
            self.queryset,
            self.table_name,
            change_map.get(self.parent_alias, self.parent_alias),
            self.parent_column,
            self.column,
            self.extra,
        )
        clone.table_alias = change_map.get(self.table_alias, self.table_alias)
        return clone

    # A derived table is never turned into an INNER JOIN: a row without children stays.
    def demote(self):
        return self

    def promote(self):
        return self


class DerivedCol(Expression):
    """A column of a derived table joined by `join_derived`."""

    contains_column_references = True
    possibly_multivalued = False

    def __init__(self, alias: str, column: str, output_field: Field):
        super().__init__(output_field=output_field)
        self.alias, self.column = alias, column

    def __repr__(self):
        return f"{self.__class__.__name__}({self.alias}.{self.column})"

    def as_sql(self, compiler, connection):
        return f"{compiler.quote_name(self.alias)}.{compiler.quote_name(self.column)}", ()

    def relabeled_clone(self, relabels):
        return self.__class__(relabels.get(self.alias, self.alias), self.column, self.output_field)

    def get_group_by_cols(self):
        return [self]


def join_derived(
    queryset: QuerySet,
    derived: QuerySet,
    *,
    name: str,
    column: str,
    parent_column: str = "id",
    parent_alias: str | None = None,
    extra: dict | None = None,
) -> tuple[QuerySet, str]:
    """A copy of `queryset` LEFT JOINed to `derived` (which must hold at most one row per
    `column` value, e.g. grouped by it) on parent_alias.parent_column = column. Returns
    the new queryset and the alias to read the derived table's columns with."""
    queryset = queryset.all()
    query = queryset.query
    parent = parent_alias or query.get_initial_alias()
    alias = query.join(DerivedJoin(derived, name, parent, parent_column, column, extra))
    return queryset, alias
