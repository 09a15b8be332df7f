// LAPACK through LAPACKE and BLAS through CBLAS (Debian: apt-get install libopenblas-dev
// liblapacke-dev), used only by the OpenBLAS package trait.
#include <lapacke.h>
#include <cblas.h>
