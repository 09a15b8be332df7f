/// Which points of a ridge path get the exact KKT check.
///
/// The exact check `max_j sqrt(pf_j) |z_j'r - lambda pf_j beta_j|` costs O(n q) per lambda in the
/// dual (kernel, p > n) form, as much as forming the coefficients; in the primal form it costs
/// O(q^2) per lambda and is always exact.
public enum RidgeKKT: String, Sendable, Equatable, CaseIterable {
    /// Exact at the chosen lambda; elsewhere (dual form only) the bound
    /// `max_j sqrt(pf_j) ||z_j|| * ||y - (Z Z' + lambda I) a||` from the residual of the dual system
    /// whose solution `a` gives the coefficients `b = Z'a`.
    case chosen
    /// Exact at every lambda.
    case all
}
