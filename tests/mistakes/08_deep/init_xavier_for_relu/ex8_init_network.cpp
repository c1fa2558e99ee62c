// Mistakes bank, chapter 8, case init_xavier_for_relu (wrong): Xavier sqrt(2/(n_in + n_out)) for relu layers too (He is due)
#include <cmath>

#include "deep.hpp"
#include "workbook/rng.hpp"

// [listing:8.8]
ch8::Network ch8::init_network(const Architecture& arch, std::uint64_t seed) {
    check_architecture(arch);
    const std::size_t l = arch.depth();
    wb::Rng rng(seed);
    Network net{arch, std::vector<Matrix>(l + 1), std::vector<Matrix>(l + 1)};
    for (std::size_t k = 1; k <= l; ++k) {
        const double in = static_cast<double>(arch.sizes[k - 1]), out = static_cast<double>(arch.sizes[k]);
        const double stddev = arch.f(k) == Activation::relu ? std::sqrt(2.0 / (in + out))           // He
                                                             : std::sqrt(2.0 / (in + out));  // Xavier (Glorot)
        net.W[k] = rng.normal_matrix(arch.sizes[k - 1], arch.sizes[k], stddev);
        net.b[k] = xt::zeros<double>({std::size_t{1}, arch.sizes[k]});
    }
    return net;
}
// [/listing]
