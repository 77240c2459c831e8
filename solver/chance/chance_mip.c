/* Chance constraints in branch and bound: the tangent cuts as lazy rows.
 *
 * At every node's LP optimum (GLP_IROWGEN, before GLPK checks integrality) chance_round
 * adds the cut of every violated cone; GLPK re-solves the node and asks again, so a node's
 * LP is only taken as a plan once it meets every cone within the tolerance. GLPK keeps the
 * rows added at a node for its subtree and deletes them all when the search ends.
 *
 * Each round costs a dual simplex over all rows, so the rows are kept few: the cuts the LP
 * relaxation left inactive are deleted before the search (the lazy rows bring back what a
 * node needs), and once a node meets every cone, the rows it added that are inactive (basic
 * slack) are deleted before it branches, as GLPK allows for rows of the current node. On
 * the furnace day each made a round 2.5 to 3 times cheaper (docs/uncertainty.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chance.h"

/* Ages the permanent cuts from row `first` on (a round more with a basic slack, or back to
 * 0) and deletes those idle for `age` rounds; the others keep their row, renumbered. */
static int chance_drop(struct model *m, int first, int age)
{
	int *del = malloc((m->ncut + 1) * sizeof *del), nd = 0;
	if (!del)
		return -1;
	size_t keep = 0;
	for (size_t c = 0; c < m->ncut; c++) {
		struct model_cut *ct = &m->cut[c];
		if (ct->row >= first)
			ct->idle = glp_get_row_stat(m->lp, ct->row) == GLP_BS ? ct->idle + 1 : 0;
		if (ct->row >= first && ct->idle >= age) {
			del[++nd] = ct->row;
		} else {
			ct->row -= nd; /* rows are in order, so nd rows before it go */
			m->cut[keep++] = *ct;
		}
	}
	model_del_rows(m, nd, del);
	chance_cone_renumber(m, del, nd);
	free(del);
	m->ncut = keep;
	return 0;
}

int chance_drop_inactive_from(struct model *m, int first)
{
	return chance_drop(m, first, 1);
}

int chance_drop_idle(struct model *m, int age)
{
	return chance_drop(m, 1, age);
}

int chance_drop_inactive(struct model *m)
{
	return chance_drop_inactive_from(m, 1);
}

/* Deletes the lazy rows of node `node` that are inactive at its LP optimum: the names of
 * rows added at a node carry it (chance_round), and a node's ancestors are alive, so no
 * other live node has the same number. */
static int chance_purge(struct model *m, int node, int first)
{
	int nr = glp_get_num_rows(m->lp), nd = 0;
	if (first > nr)
		return 0;
	int *del = malloc((size_t)(nr - first + 2) * sizeof *del);
	if (!del)
		return -1;
	char tag[32];
	int len = snprintf(tag, sizeof tag, "cct%d_", node);
	for (int r = first; r <= nr; r++) {
		const char *name = glp_get_row_name(m->lp, r);
		if (name && !strncmp(name, tag, (size_t)len) &&
		    glp_get_row_stat(m->lp, r) == GLP_BS)
			del[++nd] = r;
	}
	model_del_rows(m, nd, del);
	free(del);
	return 0;
}

struct chance_tree {
	struct chance *c;
	int first; /* the first row branch and bound may add */
};

static long chance_rowgen(struct model *m, glp_tree *tree, void *info)
{
	struct chance_tree *t = info;
	int node = glp_ios_curr_node(tree);
	long added = chance_round(m, t->c, node);
	if (added == 0 && chance_purge(m, node, t->first) < 0)
		return rm_error_set(t->c->err, NULL, 0, 0, "out of memory");
	return added;
}

int chance_branch(struct model *m, struct chance *c)
{
	if (chance_drop_inactive(m) < 0)
		return rm_error_set(c->err, NULL, 0, 0, "out of memory");
	/* The basis is still optimal; a warm solve gives glp_intopt a consistent one. */
	int st = model_resolve_lp(m);
	if (st != GLP_OPT)
		return st;
	struct chance_tree t = {c, glp_get_num_rows(m->lp) + 1};
	return model_branch(m, chance_rowgen, &t);
}
