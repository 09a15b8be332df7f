"""Reference fixtures for the ridge solver and the core linear algebra.

Run from the repository root:  python3 scripts/make_ridge_fixtures.py
Needs numpy and scikit-learn (made with numpy 2.4, scikit-learn 1.9).

Writes
  Tests/ShrinkTests/Fixtures/linalg/*.json  symmetric matrices with numpy.linalg.eigh eigenvalues
                                             (LAPACK syevd) and, when SPD, numpy.linalg.cholesky factors
  Tests/ShrinkTests/Fixtures/linalg/tridiagonal/*.json  symmetric tridiagonal matrices (diagonal and
                                             subdiagonal) with scipy.linalg.eigh_tridiagonal eigenvalues
                                             (LAPACK stemr), large enough for several levels of divide
                                             and conquer
  Tests/ShrinkTests/Fixtures/ridge/*.json   ridge paths: scikit-learn Ridge coefficients and RidgeCV
                                             per-row LOO squared errors for each lambda, plus GCV and df
                                             from an explicit hat matrix

Mapping (see Sources/Shrink/Ridge/Ridge.swift): Shrink's lambda on standardized data is
scikit-learn's alpha / W (W = sum of raw weights, N for unit weights). Columns are standardized
with the weighted mean and weighted population sd; penalty factors pf (rescaled to sum p) are
emulated by dividing standardized column j by sqrt(pf_j) (sklearn then returns sqrt(pf_j) beta_j).
"""
import json, os
import numpy as np
from scipy.linalg import eigh_tridiagonal
from sklearn.linear_model import Ridge, RidgeCV

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIN = os.path.join(ROOT, "Tests/ShrinkTests/Fixtures/linalg")
RID = os.path.join(ROOT, "Tests/ShrinkTests/Fixtures/ridge")
TRI = os.path.join(LIN, "tridiagonal")


def dump(path, obj):
    with open(path, "w") as f:
        json.dump(obj, f, separators=(",", ":"))
        f.write("\n")


def colmajor(a):
    return [float(v) for v in np.asarray(a).flatten(order="F")]


def linalg_cases():
    rng = np.random.default_rng(20261127)
    cases = {}
    n = 10
    cases["hilbert10"] = (np.array([[1.0 / (i + j + 1) for j in range(n)] for i in range(n)]),
                          "Hilbert matrix of order 10 (condition ~1.6e13)")
    b = rng.standard_normal((14, 5))
    cases["rank5_of_14"] = (b @ b.T, "B B' with B 14 x 5: rank 5, nine zero eigenvalues")
    a = rng.standard_normal((40, 40))
    cases["spd40"] = (a @ a.T + 40 * np.eye(40), "random SPD of order 40, well conditioned")
    q, _ = np.linalg.qr(rng.standard_normal((30, 30)))
    ev = np.logspace(0, -14, 30)
    cases["graded30"] = (q @ np.diag(ev) @ q.T, "Q diag(logspace(0,-14,30)) Q': eigenvalues over 14 decades")
    u = rng.standard_normal(25)
    cases["clustered25"] = (np.eye(25) + np.outer(u, u), "I + u u': eigenvalue 1 with multiplicity 24")
    s = rng.standard_normal((33, 33))
    cases["indefinite33"] = ((s + s.T) / 2, "symmetric indefinite of order 33")
    t = np.diag(np.full(50, 2.0)) + np.diag(np.full(49, -1.0), 1) + np.diag(np.full(49, -1.0), -1)
    cases["tridiag50"] = (t, "the second-difference matrix of order 50 (known spectrum)")
    for name, (m, desc) in cases.items():
        m = (m + m.T) / 2
        w = np.linalg.eigh(m)[0]
        out = {"name": name, "description": desc, "order": m.shape[0], "matrix": colmajor(m),
               "eigenvalues": [float(v) for v in w], "cholesky": None}
        if w[0] > 1e-8 * w[-1]:
            out["cholesky"] = colmajor(np.linalg.cholesky(m))
        dump(os.path.join(LIN, name + ".json"), out)


def tridiagonal_cases():
    """Orders 300-700: the divide-and-conquer eigensolver recurses (blocks of 32 are solved by QL)
    and meets deflation of both kinds (negligible coupling, nearly equal eigenvalues)."""
    rng = np.random.default_rng(20261128)
    cases = {}
    cases["random700"] = (rng.standard_normal(700), rng.standard_normal(699),
                          "random normal diagonal and subdiagonal, order 700")
    w = np.abs(np.arange(21) - 10.0)
    cases["wilkinson_glued420"] = (np.tile(w, 20), np.array([1e-9 if (i + 1) % 21 == 0 else 1.0 for i in range(419)]),
                                   "20 copies of Wilkinson's W21+ glued by 1e-9: pairs of eigenvalues equal to 1e-14")
    cases["second_difference500"] = (np.full(500, 2.0), np.full(499, -1.0),
                                     "the second-difference matrix of order 500 (eigenvalues 2 - 2 cos(k pi / 501))")
    d = np.logspace(0, -14, 300)
    cases["graded300"] = (d, 1e-3 * np.sqrt(d[1:] * d[:-1]), "diagonal over 14 decades with graded coupling")
    e = rng.standard_normal(399)
    e[::37] = 0.0
    cases["split400"] = (rng.integers(-3, 4, 400).astype(float), e,
                         "integer diagonal (many repeated values), subdiagonal with exact zeros every 37 entries")
    cases["constant_diagonal333"] = (np.ones(333), 1e-12 * rng.standard_normal(332),
                                     "diagonal all 1 with tiny coupling: one tight cluster")
    for name, (d, e, desc) in cases.items():
        values = eigh_tridiagonal(d, e, eigvals_only=True)
        out = {"name": name, "description": desc, "order": len(d), "diagonal": [float(v) for v in d],
               "subdiagonal": [float(v) for v in e], "eigenvalues": [float(v) for v in values]}
        dump(os.path.join(TRI, name + ".json"), out)


def standardize(x, w):
    mu = w @ x
    sd = np.sqrt(w @ (x - mu) ** 2)
    return (x - mu) / sd, mu, sd


def ridge_case(name, desc, x, y, raw_w=None, pf=None, lambdas=None):
    n, p = x.shape
    wr = np.ones(n) if raw_w is None else np.asarray(raw_w, float)
    W = wr.sum()
    w = wr / W
    z, mu, sd = standardize(x, w)
    pfr = np.ones(p) if pf is None else np.asarray(pf, float)
    pfe = pfr * p / pfr.sum()
    zs = z / np.sqrt(pfe)
    ybar = w @ y
    alphas = np.asarray(lambdas) * W
    betas, a0s = [], []
    for a in alphas:
        m = Ridge(alpha=a, fit_intercept=True, solver="svd").fit(zs, y, sample_weight=wr)
        b = m.coef_ / np.sqrt(pfe) / sd
        betas.append([float(v) for v in b])
        a0s.append(float(ybar - mu @ b))
    cv = RidgeCV(alphas=alphas, fit_intercept=True, gcv_mode="svd", store_cv_results=True)
    cv.fit(zs, y, sample_weight=wr)
    looRows = cv.cv_results_  # n x m: sw_i (e_i / (1 - h_ii))^2
    # Independent GCV and df from the explicit weighted hat matrix (intercept included).
    sq = np.sqrt(w)
    A = np.column_stack([sq, sq[:, None] * zs])
    gcv, df, loo_direct = [], [], []
    npos = int((wr > 0).sum())
    for lam in lambdas:
        P = np.diag([0.0] + [lam] * p)
        H = A @ np.linalg.solve(A.T @ A + P, A.T)
        e = sq * y - H @ (sq * y)  # weighted residuals sqrt(w_i) e_i
        tr = np.trace(H)
        gcv.append(float((e @ e) / (1 - tr / npos) ** 2))
        df.append(float(tr - 1))
        loo_direct.append(float(np.sum((e / (1 - np.diag(H))) ** 2)))
    out = {"name": name, "description": desc, "n": n, "p": p, "x": colmajor(x), "y": [float(v) for v in y],
           "weights": None if raw_w is None else [float(v) for v in wr],
           "penaltyFactor": None if pf is None else [float(v) for v in pfr],
           "lambda": [float(v) for v in lambdas], "sklearnAlpha": [float(v) for v in alphas],
           "a0": a0s, "beta": betas,
           "looRows": [[float(v) for v in looRows[:, l]] for l in range(len(lambdas))],
           "looMeanSklearn": [float(looRows[:, l].mean()) for l in range(len(lambdas))],
           "loo": loo_direct, "gcv": gcv, "df": df,
           "sklearnBestAlpha": float(cv.alpha_), "weightSum": float(W)}
    # The LOO errors in Shrink's units: sum_i w_i (e_i/(1-h_ii))^2 = sum of sklearn's rows / W.
    assert np.allclose([looRows[:, l].sum() / W for l in range(len(lambdas))], loo_direct, rtol=1e-8)
    dump(os.path.join(RID, name + ".json"), out)


def ridge_cases():
    rng = np.random.default_rng(7)
    d = np.loadtxt(os.path.join(ROOT, "Examples/diabetes.csv"), delimiter=",", skiprows=1)
    x, y = d[:, :10], d[:, 10]
    ridge_case("diabetes", "Efron diabetes 442 x 10 (primal form)", x, y,
               lambdas=np.logspace(1, -5, 13))
    n, p = 60, 8
    b = rng.standard_normal((n, 3))
    x = np.column_stack([b @ rng.standard_normal((3, 5)) + 0.01 * rng.standard_normal((n, 5)),
                         rng.standard_normal((n, 3)) * [1, 10, 100]])
    y = x[:, 0] - 2 * x[:, 6] / 10 + rng.standard_normal(n)
    w = rng.uniform(0.2, 3, n)
    w[[3, 17]] = 0
    ridge_case("weighted_collinear", "60 x 8, nearly collinear block, unequal scales, weights with two zeros",
               x, y, raw_w=w, lambdas=np.logspace(0, -6, 9))
    n, p = 30, 50
    x = rng.standard_normal((n, p)) @ np.diag(np.linspace(0.5, 3, p))
    y = x[:, :4] @ np.array([1.0, -1, 0.5, 2]) + 0.5 * rng.standard_normal(n)
    pf = np.ones(p)
    pf[:5] = 0.25
    pf[10:20] = 3
    ridge_case("wide_pf", "30 x 50 (dual form) with penalty factors 0.25 / 1 / 3", x, y, pf=pf,
               lambdas=np.logspace(1, -4, 11))


if __name__ == "__main__":
    os.makedirs(LIN, exist_ok=True)
    os.makedirs(RID, exist_ok=True)
    os.makedirs(TRI, exist_ok=True)
    linalg_cases()
    tridiagonal_cases()
    ridge_cases()
    print("wrote", sorted(os.listdir(LIN)), sorted(os.listdir(TRI)), sorted(os.listdir(RID)))
