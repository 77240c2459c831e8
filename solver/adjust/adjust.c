/* adjust: the correction LP/MIP of a sampled bath, its chance windows and its risk
 * (adjust.h); adjust_diag.c says why when nothing works. */
#include "adjust.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "adjust_int.h"
#include "rm_stat.h"

/* The rounds of tangents stop when no window is violated by more than this share of its sd. */
#define ADJ_TOL_SD 1e-6
/* The extended form's tangents (adj_cuts), as solver/chance/chance_cone.c takes them. */
#define ADJ_T_MIN_REL 0.1
#define ADJ_PIECE_FRAC 0.1

static double adj_rec(const struct adj *a, size_t j, size_t e)
{
	return inv_rec(&a->p->inv->m[j], e, furnace_rec(a->f, e));
}

double adj_mean(const struct adj *a, size_t e)
{
	const struct plant_sample_el *s = plant_sample_of(a->o->sample, e);
	return s ? s->mean : 0;
}

double adj_sample_sd(const struct adj *a, size_t e)
{
	const struct plant_sample_el *s = plant_sample_of(a->o->sample, e);
	return s ? s->sd : 0;
}

/* kg of wt% of e per unit of column j: yield x recovery x content, per kg or per unit. */
double adj_elem_coef(const struct adj *a, size_t j, size_t e)
{
	const struct material *m = &a->p->inv->m[j];
	return m->yield * adj_rec(a, j, e) * inv_comp(m, e) * a->scale[j];
}

long adjust_unsampled(const struct plant *p, size_t g, const struct plant_sample *s)
{
	const struct grade *gr = &p->grades->g[g];
	for (size_t k = 0; k < gr->nlim; k++)
		if (!plant_sample_of(s, gr->lim[k].e))
			return (long)gr->lim[k].e;
	return -1;
}

/* The sides of every limited element: internal and spec limits. */
static int adj_limits(struct adj *a, struct adjust *r)
{
	const struct grade *g = &a->p->grades->g[a->o->grade];
	r->lim = calloc(2 * g->nlim + 1, sizeof *r->lim);
	if (!r->lim)
		return -1;
	for (size_t k = 0; k < g->nlim; k++) {
		const struct grade_limit *l = &g->lim[k];
		double lo, hi;
		grade_internal(l, a->o->margin, &lo, &hi);
		for (int side = -1; side <= 1; side += 2) {
			double lim = side < 0 ? lo : hi;
			if (isnan(lim))
				continue;
			r->lim[r->nlim++] = (struct adjust_limit){
			    .e = l->e,
			    .side = side,
			    .limit = lim,
			    .spec = side < 0 ? l->min : l->max,
			    .before = adj_mean(a, l->e),
			    .after = NAN,
			    .best = NAN,
			};
		}
	}
	return 0;
}

/* The model's columns: a material's kg (its units with unit_kg), the poured-off kg, and the
 * on/off switch of a material with a minimum charge. */
static void adj_rules(struct adj *a);

static int adj_build(struct adj *a, const struct adjust *r)
{
	const struct inventory *inv = a->p->inv;
	double B = a->o->bath_kg, V = a->o->metal_value;
	glp_prob *lp = a->lp = glp_create_prob();
	glp_set_obj_dir(lp, GLP_MIN);
	glp_add_cols(lp, (int)inv->n);
	for (size_t j = 0; j < inv->n; j++) {
		const struct material *m = &inv->m[j];
		int c = (int)j + 1;
		a->scale[j] = m->unit_kg > 0 ? m->unit_kg : 1;
		double ub = m->mass_kg / a->scale[j];
		if (m->unit_kg > 0) {
			ub = floor(ub + 1e-9);
			glp_set_col_kind(lp, c, GLP_IV);
			a->mip = true;
		}
		glp_set_col_bnds(lp, c, isinf(ub) ? GLP_LO : GLP_DB, 0, isinf(ub) ? 0 : ub);
		glp_set_obj_coef(lp, c, (m->price - V * m->yield) * a->scale[j]);
	}
	if (a->o->pour_off) {
		/* the heel stays in the furnace: only what is above it can be tapped off */
		double heel = a->f ? fmin(a->f->heel_kg, B) : 0;
		a->pcol = glp_add_cols(lp, 1);
		glp_set_col_bnds(lp, a->pcol, heel < B ? GLP_DB : GLP_FX, 0, B - heel);
		glp_set_obj_coef(lp, a->pcol, V - a->o->off_value);
		/* and what is poured off is made up again (sum yield x >= p): a correction never
		 * shrinks the heat (pouring the whole bath out left an empty furnace "in spec") */
		int row = glp_add_rows(lp, 1), n = 0;
		for (size_t j = 0; j < inv->n; j++) {
			a->ind[++n] = (int)j + 1;
			a->val[n] = inv->m[j].yield * a->scale[j];
		}
		a->ind[++n] = a->pcol;
		a->val[n] = -1;
		glp_set_mat_row(lp, row, n, a->ind, a->val);
		glp_set_row_bnds(lp, row, GLP_LO, 0, 0);
	}
	/* capacity: sum yield x - p <= capacity - B */
	int *ind = a->ind;
	double *val = a->val;
	if (!isinf(a->cap)) {
		int row = glp_add_rows(lp, 1), n = 0;
		for (size_t j = 0; j < inv->n; j++) {
			ind[++n] = (int)j + 1;
			val[n] = inv->m[j].yield * a->scale[j];
		}
		if (a->pcol) {
			ind[++n] = a->pcol;
			val[n] = -1;
		}
		glp_set_mat_row(lp, row, n, ind, val);
		glp_set_row_bnds(lp, row, GLP_UP, 0, a->cap - B);
	}
	/* element windows, in kg x wt%: sum_j y (r c - L) x - (m - L) p ~ -B (m - L) */
	for (size_t k = 0; k < r->nlim; k++) {
		const struct adjust_limit *l = &r->lim[k];
		int n = adj_row(a, l->e, l->limit, ind, val);
		int row = a->limrow[k] = glp_add_rows(lp, 1);
		glp_set_mat_row(lp, row, n, ind, val);
		double rhs = -B * (adj_mean(a, l->e) - l->limit);
		glp_set_row_bnds(lp, row, l->side < 0 ? GLP_LO : GLP_UP, rhs, rhs);
	}
	/* minimum charges: min z <= x <= M z, z binary */
	for (size_t j = 0; j < inv->n; j++) {
		const struct material *m = &inv->m[j];
		if (!(m->min_kg > 0))
			continue;
		double M = fmin(m->mass_kg, a->cap / m->yield);
		if (isinf(M))
			M = ADJ_BIG_KG;
		int z = glp_add_cols(lp, 1), row = glp_add_rows(lp, 2);
		glp_set_col_kind(lp, z, GLP_BV);
		a->mip = true;
		int ix[3] = {0, (int)j + 1, z};
		double lo[3] = {0, a->scale[j], -m->min_kg}, hi[3] = {0, a->scale[j], -M};
		glp_set_mat_row(lp, row, 2, ix, lo);
		glp_set_row_bnds(lp, row, GLP_LO, 0, 0);
		glp_set_mat_row(lp, row + 1, 2, ix, hi);
		glp_set_row_bnds(lp, row + 1, GLP_UP, 0, 0);
	}
	adj_rules(a);
	return 0;
}

/* sum_{j in S} x_j - share * sum_j x_j (share NAN: S alone), kg as added; the entry count. */
static int adj_rule_terms(struct adj *a, const char *in, double share)
{
	int n = 0;
	for (size_t j = 0; j < a->p->inv->n; j++) {
		double c = (in[j] ? 1 : 0) - (isnan(share) ? 0 : share);
		if (c != 0) {
			a->ind[++n] = (int)j + 1;
			a->val[n] = c * a->scale[j];
		}
	}
	return n;
}

static void adj_rule_row(struct adj *a, int n, int type, double bnd)
{
	int row = glp_add_rows(a->lp, 1);
	glp_set_mat_row(a->lp, row, n, a->ind, a->val);
	glp_set_row_bnds(a->lp, row, type, bnd, bnd);
}

/* The plant's material rules of the grade (plant_rules matching) on the additions, and
 * quarantine: the rows of solver/model/model_rules.c with the additions' kg in place of the heat's
 * charge (FORMATS.md, "remelt adjust"). A rule that matches nothing adds no row but its
 * min_share, which then only "no addition" meets, as in plan. */
static void adj_rules(struct adj *a)
{
	const struct plant_rule_set *rs = a->p->rules;
	const struct inventory *inv = a->p->inv;
	for (size_t r = 0; rs && r < rs->n; r++) {
		const struct plant_rule *u = &rs->r[r];
		if (!plant_rule_grade(u, a->o->grade))
			continue;
		size_t nin = 0;
		for (size_t j = 0; j < inv->n; j++)
			nin += (a->in[j] = plant_rule_match(u, &inv->m[j]));
		double most = u->max_share == 0 ? 0 : u->max_kg;
		if (nin && !isnan(most))
			adj_rule_row(a, adj_rule_terms(a, a->in, NAN), GLP_UP, most);
		if (nin && u->max_share > 0 && u->max_share < 1)
			adj_rule_row(a, adj_rule_terms(a, a->in, u->max_share), GLP_UP, 0);
		if (u->min_share > 0)
			adj_rule_row(a, adj_rule_terms(a, a->in, u->min_share), GLP_LO, 0);
	}
	for (size_t j = 0; j < inv->n; j++)
		if (inv->m[j].quarantine) {
			a->ind[1] = (int)j + 1;
			a->val[1] = 1;
			adj_rule_row(a, 1, GLP_UP, 0);
		}
}

double adj_most_kg(const struct adj *a, size_t j)
{
	const struct material *m = &a->p->inv->m[j];
	const struct plant_rule_set *rs = a->p->rules;
	double most = m->quarantine ? 0 : m->mass_kg;
	for (size_t r = 0; rs && r < rs->n; r++) {
		const struct plant_rule *u = &rs->r[r];
		if (!plant_rule_grade(u, a->o->grade) || !plant_rule_match(u, m))
			continue;
		if (u->max_share == 0)
			most = 0;
		else if (!isnan(u->max_kg))
			most = fmin(most, u->max_kg);
	}
	return most;
}

int adj_row(const struct adj *a, size_t e, double L, int *ind, double *val)
{
	int n = 0;
	for (size_t j = 0; j < a->p->inv->n; j++) {
		double v = adj_elem_coef(a, j, e) - L * a->p->inv->m[j].yield * a->scale[j];
		if (v != 0) {
			ind[++n] = (int)j + 1;
			val[n] = v;
		}
	}
	if (a->pcol) {
		ind[++n] = a->pcol;
		val[n] = -(adj_mean(a, e) - L);
	}
	return n;
}

/* Solves the model as it stands: 0 a correction, 1 none exists, 2 the time ran out
 * before one was found, -3 unbounded, -1 a GLPK failure. */
int adj_run(struct adj *a)
{
	glp_smcp sp;
	glp_init_smcp(&sp);
	sp.msg_lev = GLP_MSG_OFF;
	a->lp_ok = false;
	if (glp_simplex(a->lp, &sp) != 0) {
		sp.meth = GLP_DUALP; /* a basis left singular by cuts: start again */
		glp_adv_basis(a->lp, 0);
		if (glp_simplex(a->lp, &sp) != 0)
			return -1;
	}
	int st = glp_get_status(a->lp);
	if (st == GLP_NOFEAS || st == GLP_INFEAS)
		return 1;
	if (st == GLP_UNBND)
		return -3;
	if (st != GLP_OPT)
		return -1;
	a->lp_ok = true;
	if (!a->mip)
		return 0;
	glp_iocp ip;
	glp_init_iocp(&ip);
	ip.msg_lev = GLP_MSG_OFF;
	ip.mip_gap = 0;
	ip.tm_lim = (int)(1000 * (a->o->time_limit_s > 0 ? a->o->time_limit_s : 60));
	int rc = glp_intopt(a->lp, &ip);
	int ms = glp_mip_status(a->lp);
	if (ms == GLP_OPT || ms == GLP_FEAS)
		return 0;
	if (ms == GLP_NOFEAS)
		return 1;
	return rc == GLP_ETMLIM ? 2 : -1;
}

double adj_col(const struct adj *a, int c)
{
	return a->mip ? glp_mip_col_val(a->lp, c) : glp_get_col_prim(a->lp, c);
}

/* The chance term's vector at the current point: sqrt of the sum of squares, and its
 * parts (d_k + g_k v) in a->sq. Returns S in kg x wt%. */
static double adj_cone(struct adj *a, size_t e, double L, const double *x, double p)
{
	const struct inventory *inv = a->p->inv;
	double B = a->o->bath_kg, s2 = 0;
	for (size_t j = 0; j < inv->n; j++) {
		const struct material *m = &inv->m[j];
		double sd = unc_sd(a->p->unc, m, e, false) * m->yield * adj_rec(a, j, e);
		a->sq[j] = sd * x[j];
		a->gq[j] = sd * a->scale[j];
		s2 += a->sq[j] * a->sq[j];
	}
	double sm = adj_sample_sd(a, e), sb = (adj_mean(a, e) - L) * a->o->bath_sd;
	a->sq[inv->n] = (B - p) * sm;
	a->sq[inv->n + 1] = sb;
	return sqrt(s2 + a->sq[inv->n] * a->sq[inv->n] + sb * sb);
}

/* The value of column c at the point: a material's kg (or units), or p. */
static double adj_v(const struct adj *a, int c, double p)
{
	return c == a->pcol ? p : a->x[c - 1] / a->scale[c - 1];
}

/* The extended form of side k's cone (as solver/chance/chance_cone.c does for plan): a column t_k,
 * the window side.G + z t_k <= 0, and t_k >= sum of one piece y per source of error, each
 * y >= u^2 / t_k for u its sd term (a material's g_j v_j, the sample's (B - p) s_e, the
 * bath mass's (m_e - L) sB), cut by its own tangents. Kelley's whole-cone cut needed
 * hundreds of ever denser rounds on a 2,000-lot yard (the optimum spreads over many lots);
 * a piece per material gives each its own curvature. Columns: y of material j at
 * ycol[k * (n + 2) + j], the sample's at + n, the bath mass's at + n + 1 (0: no error). */
static int adj_cone_build(struct adj *a, const struct adjust *r, double z)
{
	const struct inventory *inv = a->p->inv;
	size_t n = inv->n, w = n + 2;
	double B = a->o->bath_kg;
	if (!(a->tcol = calloc(r->nlim + 1, sizeof *a->tcol)) ||
	    !(a->ycol = calloc(r->nlim * w + 1, sizeof *a->ycol)))
		return -1;
	for (size_t k = 0; k < r->nlim; k++) {
		const struct adjust_limit *l = &r->lim[k];
		int t = a->tcol[k] = glp_add_cols(a->lp, 1);
		glp_set_col_bnds(a->lp, t, GLP_LO, 0, 0);
		/* side.G(v) + z t <= 0 */
		int nr = adj_row(a, l->e, l->limit, a->ind, a->val);
		for (int q = 1; q <= nr; q++)
			a->val[q] *= l->side;
		a->ind[++nr] = t;
		a->val[nr] = z;
		int row = glp_add_rows(a->lp, 1);
		glp_set_mat_row(a->lp, row, nr, a->ind, a->val);
		glp_set_row_bnds(a->lp, row, GLP_UP, 0,
		                 -l->side * B * (adj_mean(a, l->e) - l->limit));
		/* sum y - t <= 0 */
		adj_cone(a, l->e, l->limit, a->x, 0);
		nr = 0;
		for (size_t j = 0; j < w; j++) {
			bool err = j < n    ? a->gq[j] != 0
			           : j == n ? adj_sample_sd(a, l->e) != 0
			                    : a->sq[n + 1] != 0;
			if (!err)
				continue;
			int y = a->ycol[k * w + j] = glp_add_cols(a->lp, 1);
			glp_set_col_bnds(a->lp, y, GLP_LO, 0, 0);
			a->ind[++nr] = y;
			a->val[nr] = 1;
		}
		a->ind[++nr] = t;
		a->val[nr] = -1;
		row = glp_add_rows(a->lp, 1);
		glp_set_mat_row(a->lp, row, nr, a->ind, a->val);
		glp_set_row_bnds(a->lp, row, GLP_UP, 0, 0);
	}
	return 0;
}

/* One round: for every window the point violates, the tangent of each of its pieces at the
 * point (u0, t0 = the true sd S0 there): y >= 2 r u - r^2 t with r = u0 / S0, exact at the
 * point, below the piece everywhere. Returns how many windows were cut. */
static long adj_cuts(struct adj *a, const struct adjust *r, double z)
{
	const struct inventory *inv = a->p->inv;
	size_t n = inv->n, w = n + 2;
	double B = a->o->bath_kg, p = a->pcol ? adj_col(a, a->pcol) : 0;
	for (size_t j = 0; j < n; j++)
		a->x[j] = adj_col(a, (int)j + 1) * a->scale[j];
	long cut = 0;
	for (size_t k = 0; k < r->nlim; k++) {
		const struct adjust_limit *l = &r->lim[k];
		double S = adj_cone(a, l->e, l->limit, a->x, p);
		double G = B * (adj_mean(a, l->e) - l->limit);
		int nr = adj_row(a, l->e, l->limit, a->ind, a->val);
		for (int q = 1; q <= nr; q++)
			G += a->val[q] * adj_v(a, a->ind[q], p);
		if (!(S > 0) || l->side * G + z * S <= ADJ_TOL_SD * S)
			continue;
		cut++;
		double sm = adj_sample_sd(a, l->e);
		/* at the LP's t (never below ADJ_T_MIN_REL of S: the ratio would blow up), only the
		 * pieces violated by ADJ_PIECE_FRAC of the worst get a tangent (chance_cone.c's
		 * rule: a tangent for every material in use made thousands of idle rows) */
		double t0 = fmax(glp_get_col_prim(a->lp, a->tcol[k]), ADJ_T_MIN_REL * S), worst = 0;
		if (a->mip)
			t0 = fmax(glp_mip_col_val(a->lp, a->tcol[k]), ADJ_T_MIN_REL * S);
		for (size_t j = 0; j < w; j++) {
			int y = a->ycol[k * w + j];
			if (y && a->sq[j] != 0)
				worst = fmax(worst, a->sq[j] * a->sq[j] / t0 - adj_col(a, y));
		}
		for (size_t j = 0; j < w; j++) {
			int y = a->ycol[k * w + j];
			double u0 = a->sq[j];
			if (!y || u0 == 0 || u0 * u0 / t0 - adj_col(a, y) < ADJ_PIECE_FRAC * worst)
				continue;
			double rt = u0 / t0, rhs = 0;
			int ix[4] = {0, y, a->tcol[k], 0}, m = 2;
			double v[4] = {0, 1, rt * rt, 0};
			if (j < n) { /* u = g_j v_j */
				ix[++m] = (int)j + 1;
				v[m] = -2 * rt * a->gq[j];
			} else if (j == n) { /* u = B sm - sm p */
				rhs = 2 * rt * B * sm;
				if (a->pcol) {
					ix[++m] = a->pcol;
					v[m] = 2 * rt * sm;
				}
			} else { /* u = (m - L) sB, a constant */
				rhs = 2 * rt * u0;
			}
			int row = glp_add_rows(a->lp, 1);
			glp_set_mat_row(a->lp, row, m, ix, v);
			glp_set_row_bnds(a->lp, row, GLP_LO, rhs, 0);
		}
	}
	return cut;
}

/* The final bath's values, sds and chances (before: the bath as sampled). */
static void adj_risk(struct adj *a, struct adjust *r, bool found)
{
	const struct inventory *inv = a->p->inv;
	double B = r->bath_kg, p = r->poured_kg, F = r->final_kg;
	r->p_ok_before = r->p_ok = 1;
	for (size_t k = 0; k < r->nlim; k++) {
		struct adjust_limit *l = &r->lim[k];
		double sm = adj_sample_sd(a, l->e);
		double pb = isnan(l->spec) ? 1 : rm_stat_cdf(l->side * (l->spec - l->before) / sm);
		r->p_ok_before *= pb;
		l->p_before = pb;
		if (!found) {
			l->sd = sm;
			l->p_ok = pb;
			continue;
		}
		double elem = (B - p) * l->before;
		for (size_t j = 0; j < inv->n; j++)
			elem += adj_elem_coef(a, j, l->e) / a->scale[j] * a->x[j];
		l->after = elem / F;
		l->sd = adj_cone(a, l->e, l->after, a->x, p) / F;
		/* P(spec holds) in the form of the chance windows: G = F (after - spec) is
		 * linear in the bath mass, so its first-order sd is the cone's at the spec */
		double S = adj_cone(a, l->e, l->spec, a->x, p), G = F * (l->after - l->spec);
		l->p_ok = isnan(l->spec) ? 1
		          : S > 0        ? rm_stat_cdf(-l->side * G / S)
		                         : (l->side * G <= 1e-9 * F);
		r->p_ok *= l->p_ok;
	}
	if (!found)
		r->p_ok = NAN;
}

static int adj_result(struct adj *a, struct adjust *r)
{
	const struct inventory *inv = a->p->inv;
	r->add = calloc(inv->n + 1, sizeof *r->add);
	if (!r->add)
		return -1;
	r->poured_kg = a->pcol ? adj_col(a, a->pcol) : 0;
	for (size_t j = 0; j < inv->n; j++) {
		double kg = a->x[j] = adj_col(a, (int)j + 1) * a->scale[j];
		if (!(kg > 1e-6))
			continue;
		r->add[r->nadd++] = (struct adjust_item){.mat = j, .kg = kg};
		r->cost += inv->m[j].price * kg;
		r->metal_kg += inv->m[j].yield * kg;
	}
	r->final_kg = r->bath_kg - r->poured_kg + r->metal_kg;
	const struct plant_sample *s = a->o->sample;
	for (size_t k = 0; k < s->n; k++) {
		double elem = (r->bath_kg - r->poured_kg) * s->el[k].mean;
		for (size_t j = 0; s->el[k].e >= 0 && j < inv->n; j++)
			elem += adj_elem_coef(a, j, (size_t)s->el[k].e) / a->scale[j] * a->x[j];
		r->after[k] = elem / r->final_kg;
	}
	r->objective =
	    r->cost - r->metal_value * r->metal_kg + (r->metal_value - r->off_value) * r->poured_kg;
	return 0;
}

static void adj_free_work(struct adj *a)
{
	if (a->lp)
		glp_delete_prob(a->lp);
	free(a->scale);
	free(a->ind);
	free(a->val);
	free(a->limrow);
	free(a->x);
	free(a->sq);
	free(a->gq);
	free(a->tcol);
	free(a->ycol);
	free(a->in);
}

static int adj_solve(const struct plant *p, const struct adjust_opts *o, struct adjust **out,
                     struct rm_error *err)
{
	size_t n = p->inv->n;
	struct adj a = {.p = p, .o = o};
	a.f = o->furnace >= 0 ? &p->furnaces->f[o->furnace] : NULL;
	a.cap = a.f ? a.f->capacity_kg : INFINITY;
	struct adjust *r = calloc(1, sizeof *r);
	a.scale = calloc(n + 1, sizeof *a.scale);
	a.ind = calloc(2 * n + 8, sizeof *a.ind);
	a.val = calloc(2 * n + 8, sizeof *a.val);
	a.x = calloc(n + 1, sizeof *a.x);
	a.sq = calloc(n + 3, sizeof *a.sq);
	a.gq = calloc(n + 1, sizeof *a.gq);
	a.in = calloc(n + 1, 1);
	int rc = (!r || !a.scale || !a.ind || !a.val || !a.x || !a.sq || !a.gq || !a.in) ? -1 : 0;
	if (!rc) {
		*r = (struct adjust){.grade = o->grade,
		                     .bath_kg = o->bath_kg,
		                     .capacity_kg = a.cap,
		                     .metal_value = o->metal_value,
		                     .off_value = o->pour_off ? o->off_value : 0,
		                     .final_kg = o->bath_kg};
		r->ncomp = o->sample->n;
		rc = (r->after = calloc(r->ncomp + 1, sizeof *r->after)) ? adj_limits(&a, r) : -1;
		for (size_t k = 0; !rc && k < r->ncomp; k++)
			r->after[k] = NAN;
	}
	if (!rc && !(a.limrow = calloc(r->nlim + 1, sizeof *a.limrow)))
		rc = -1;
	if (rc) {
		adj_free_work(&a);
		adjust_free(r);
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	}
	adj_build(&a, r);
	r->mip = a.mip;
	double z = o->confidence > 0 ? rm_stat_quantile(o->confidence) : 0;
	if (z > 0 && adj_cone_build(&a, r, z) < 0) {
		adj_free_work(&a);
		adjust_free(r);
		return rm_error_set(err, NULL, 0, 0, "out of memory");
	}
	int st = adj_run(&a);
	while (st == 0 && o->confidence > 0) {
		long c = adj_cuts(&a, r, z);
		if (c == 0)
			break;
		if (++r->rounds > ADJUST_MAX_ROUNDS) {
			st = -2;
			break;
		}
		st = adj_run(&a);
	}
	if (st == 0)
		rc = adj_result(&a, r);
	if (st == -3 && !rc)
		rc = rm_error_set(
		    err, NULL, 0, 0,
		    "no least correction: without a furnace's capacity, an additive "
		    "bought as needed that costs less than the metal value %g per kg "
		    "of metal would go in without end; give the heat a furnace, or the "
		    "metal a lower value",
		    o->metal_value);
	else if (st < 0 && !rc)
		rc = rm_error_set(err, NULL, 0, 0,
		                  st == -2 ? "the chance windows did not converge in %d rounds"
		                           : "GLPK failed on the correction model (%d)",
		                  st == -2 ? ADJUST_MAX_ROUNDS : st);
	else if (rc)
		rc = rm_error_set(err, NULL, 0, 0, "out of memory");
	r->status = st == 0 ? PLAN_OPTIMAL : st == 1 ? PLAN_INFEASIBLE : PLAN_TIME_LIMIT;
	if (!rc)
		adj_risk(&a, r, st == 0);
	if (!rc && st == 1)
		rc = adj_diagnose(&a, r, err);
	adj_free_work(&a);
	if (!rc && st == 1 && o->confidence > 0) {
		struct adjust_opts exact = *o;
		struct adjust *sub = NULL;
		exact.confidence = 0;
		rc = adjust_solve(p, &exact, &sub, err);
		r->uncertainty_only = !rc && sub->status == PLAN_OPTIMAL;
		adjust_free(sub);
	}
	if (rc) {
		adjust_free(r);
		return -1;
	}
	*out = r;
	return 0;
}

int adjust_solve(const struct plant *p, const struct adjust_opts *o, struct adjust **out,
                 struct rm_error *err)
{
	int term = glp_term_out(GLP_OFF); /* quiet, and back as it was (the process's switch) */
	int rc = adj_solve(p, o, out, err);
	glp_term_out(term);
	return rc;
}

bool adjust_alloying(const struct material *m)
{
	if (m->kind != MAT_ADDITIVE)
		return false;
	for (size_t e = 0; e < m->nc; e++)
		if (inv_comp(m, e) >= ADJUST_ALLOYING_PCT)
			return true;
	return false;
}

void adjust_free(struct adjust *a)
{
	if (!a)
		return;
	free(a->add);
	free(a->lim);
	free(a->after);
	free(a);
}
