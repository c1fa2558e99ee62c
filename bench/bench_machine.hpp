// What every benchmark prints about the machine and measures time with (bench_ch06, bench_ch07):
// the BLAS library actually loaded, OpenBLAS's own description, one BLAS thread, CPU seconds.
#pragma once
#include <dlfcn.h>
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace bench {

// The BLAS libraries mapped into this process (from /proc/self/maps), comma-separated.
inline std::string loaded_blas() {
    std::ifstream maps("/proc/self/maps");
    std::vector<std::string> libs;
    std::string line;
    while (std::getline(maps, line)) {
        const auto slash = line.find('/');
        if (slash == std::string::npos) continue;
        const std::string path = line.substr(slash);
        const std::string base = path.substr(path.rfind('/') + 1);
        if ((base.find("blas") != std::string::npos || base.find("mkl") != std::string::npos) &&
            std::find(libs.begin(), libs.end(), path) == libs.end())
            libs.push_back(path);
    }
    std::string out;
    for (const auto& l : libs) out += (out.empty() ? "" : ", ") + l;
    return out.empty() ? "(none found in /proc/self/maps)" : out;
}

// OpenBLAS's own description of itself and its thread count, when the BLAS is OpenBLAS; sets one thread.
inline void openblas_info_and_one_thread() {
    using get_str = char* (*)();
    using set_int = void (*)(int);
    using get_int = int (*)();
    if (auto set = reinterpret_cast<set_int>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"))) set(1);
    if (auto cfg = reinterpret_cast<get_str>(dlsym(RTLD_DEFAULT, "openblas_get_config")))
        std::printf("# OpenBLAS config: %s\n", cfg());
    if (auto core = reinterpret_cast<get_str>(dlsym(RTLD_DEFAULT, "openblas_get_corename")))
        std::printf("# OpenBLAS core:   %s\n", core());
    if (auto n = reinterpret_cast<get_int>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads")))
        std::printf("# OpenBLAS threads: %d\n", n());
}

// CPU seconds used by this process (all its threads): what a shared machine's other jobs do not inflate.
inline double cpu_seconds() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + 1e-9 * static_cast<double>(ts.tv_nsec);
}

}  // namespace bench
