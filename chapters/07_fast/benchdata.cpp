// Given code of chapter 7 (both sides; calls no exercise): reading the benchmark's measurements,
// chapters/07_fast/measured.csv, written by `./workbook bench 7`, so that the chapter text and its
// figure show measured numbers, never typed-in ones. (The file lives in the chapter folder, so that
// every copy of the workbook, the students' too, shows the course's measurements.) The chapter program and the benchmark both draw the
// figure with plot_speed(), from the same file: the same file gives the same figure.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>

#include "fast.hpp"
#include "workbook/plot.hpp"

namespace ch7 {
namespace {
std::vector<std::string> split_csv(const std::string& line) {
    std::vector<std::string> out;
    std::string cur;
    bool quoted = false;
    for (char c : line) {
        if (c == '"') quoted = !quoted;
        else if (c == ',' && !quoted) out.push_back(cur), cur.clear();
        else cur += c;
    }
    out.push_back(cur);
    return out;
}
const BenchRow* find(const BenchData& d, const std::string& impl, std::size_t B) {
    for (const auto& r : d.rows)
        if (r.impl == impl && r.B == B) return &r;
    return nullptr;
}
std::string fmt_rate(double v) {
    char buf[32];
    if (v >= 1e6) std::snprintf(buf, sizeof buf, "%.2f M", v / 1e6);
    else std::snprintf(buf, sizeof buf, "%.0f k", v / 1e3);
    return buf;
}
// The implementations in the order of the chapter: the ladder, then the others.
const std::vector<std::string> kLadder = {"rung0", "rung1", "rung2", "rung3", "rung4", "rung5"};
const std::vector<std::string> kOthers = {"blas-only", "blas-auto", "blas-best", "numpy", "torch-manual", "torch-autograd"};
// The legend's short name of an implementation (the table keeps the CSV's full label): a slide's
// legend must be read from the back of the room. "the 5 BLAS calls alone, Haswell kernels (...)"
// becomes "BLAS alone, Haswell ...".
std::string legend(const BenchRow& r) {
    static const std::map<std::string, std::string> names = {
        {"rung0", "0 readable (lazy auto)"}, {"rung1", "7.1 values"}, {"rung2", "7.2 noalias"},
        {"rung3", "7.3 gemm forward"},       {"rung4", "7.4 workspace"}, {"rung5", "7.5 top rung"},
        {"numpy", "numpy"},                  {"torch-manual", "PyTorch, hand-written"},
        {"torch-autograd", "PyTorch, autograd"}};
    if (const auto it = names.find(r.impl); it != names.end()) return it->second;
    if (r.impl.rfind("blas-", 0) == 0) {  // the kernels' name from the label
        const auto a = r.label.find("alone, "), b = r.label.find(" kernels");
        const std::string core = a != std::string::npos && b != std::string::npos && b > a ? r.label.substr(a + 7, b - a - 7) : "";
        const std::string why = r.impl == "blas-auto" ? " (auto)" : r.impl == "blas-best" ? " (best)" : r.impl == "blas-only" ? " (env)" : "";
        return "BLAS calls alone" + (core.empty() ? "" : ", " + core) + why;
    }
    if (r.impl == "peak" || r.impl == "peak-avx2") {  // "the AVX-512 FMA peak (measured)" -> "AVX-512 FMA peak"
        std::string l = r.label;
        if (l.rfind("the ", 0) == 0) l = l.substr(4);
        if (const auto m = l.find(" (measured)"); m != std::string::npos) l = l.substr(0, m);
        return l;
    }
    return r.label;
}
}  // namespace

std::string bench_csv_path() { return std::string(WB_SOURCE_DIR) + "/chapters/07_fast/measured.csv"; }

BenchData read_bench(const std::string& path) {
    BenchData d;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        if (line[0] == '#') {
            d.notes.push_back(line.substr(line.find_first_not_of("# ")));
            continue;
        }
        const auto f = split_csv(line);
        if (f.size() < 5 || f[0] == "impl") continue;
        BenchRow r;
        r.impl = f[0], r.label = f[1], r.B = std::stoul(f[2]), r.cpu = std::stod(f[3]), r.wall = std::stod(f[4]);
        if (r.impl == "peak-flops") d.peak_flops = r.cpu, d.peak_label = r.label.substr(r.label.find(", ") + 2);
        else if (r.impl == "peak-flops-avx2") d.peak_avx2_flops = r.cpu;
        else if (r.impl == "flops-per-sample" && r.B == 32) d.flops_b32 = r.cpu;
        else d.rows.push_back(r);
    }
    return d;
}

bool plot_speed(const BenchData& d, const std::string& dir) {
    wb::plot::Figure fig;
    fig.name = "ch07_speed";
    fig.title = "Chapter 7: one epoch of digits, 64-32-10, float64, 1 thread";
    fig.xlabel = "batch size B (samples)";
    fig.ylabel = "training speed (samples per CPU second)";
    fig.logx = fig.logy = true;
    // One look per implementation: the ladder in solid colour lines, the BLAS calls alone dotted,
    // Python dashed, the peaks grey lines (the widest FMA's, and AVX2's below it): the roofs.
    const std::vector<std::pair<std::string, std::string>> styles = {
        {"peak", "lines dt 4 lc rgb '#333333'"},
        {"peak-avx2", "lines dt 2 lc rgb '#999999'"},
        {"rung5", "linespoints pt 7 lc rgb '#0072b2'"},
        {"rung4", "linespoints pt 7 lc rgb '#cc79a7'"},
        {"rung3", "linespoints pt 7 lc rgb '#e69f00'"},
        {"rung2", "linespoints pt 7 lc rgb '#009e73'"},
        {"rung1", "linespoints pt 7 lc rgb '#56b4e9'"},
        {"rung0", "linespoints pt 7 lc rgb '#888888'"},
        {"blas-best", "linespoints dt 3 pt 4 lc rgb '#000000'"},
        {"blas-auto", "linespoints dt 3 pt 12 lc rgb '#555555'"},
        {"blas-only", "linespoints dt 3 pt 6 lc rgb '#000000'"},
        {"numpy", "linespoints dt 2 pt 5 lc rgb '#d55e00'"},
        {"torch-manual", "linespoints dt 2 pt 9 lc rgb '#8b4513'"},
        {"torch-autograd", "linespoints dt 2 pt 11 lc rgb '#b22222'"}};
    for (const auto& [impl, style] : styles) {
        wb::plot::Series s;
        for (const auto& r : d.rows)
            if (r.impl == impl) s.title = legend(r), s.x.push_back(static_cast<double>(r.B)), s.y.push_back(r.cpu);
        if (s.x.empty()) continue;
        s.with = style;
        fig.series.push_back(s);
    }
    if (fig.series.empty()) return false;
    // The legend outside the plot, on the right, in the figure's own font size less a little: 14
    // entries stay readable on a slide (inside the plot, at a size that fits, they did not).
    fig.extra = {"set key outside right center vertical Left reverse font ',19' spacing 1.15 samplen 2.5",
                 "set xrange [0.8:1300]",
                 "set xtics (1, 4, 16, 64, 256, 1024)", "set mxtics 2", "set yrange [1e3:3e7]",
                 "set format y \"10^{%T}\"", "set pointsize 1.2"};
    return wb::plot::save(fig, dir);
}

std::string bench_markdown(const BenchData& d) {
    std::ostringstream md;
    if (d.rows.empty()) {
        md << "*No measurements yet: run `./workbook bench 7` (it writes `chapters/07_fast/measured.csv`).*\n";
        return md.str();
    }
    const std::vector<std::size_t> cols = {1, 32, 256, 1024};
    md << "| implementation | B = 1 | B = 32 | B = 256 | B = 1024 | speed-up at 32 | of peak at 32 |\n";
    md << "|---|--:|--:|--:|--:|--:|--:|\n";
    const BenchRow* prev = nullptr;
    std::vector<std::string> impls = kLadder;
    impls.insert(impls.end(), kOthers.begin(), kOthers.end());
    for (const auto& impl : impls) {
        const BenchRow* at32 = find(d, impl, 32);
        if (!at32) continue;
        md << "| " << at32->label;
        for (std::size_t B : cols) {
            const BenchRow* r = find(d, impl, B);
            md << " | " << (r ? fmt_rate(r->cpu) : "-");
        }
        char buf[64] = "";
        const bool ladder = impl.rfind("rung", 0) == 0;
        if (ladder && prev && prev->cpu > 0) std::snprintf(buf, sizeof buf, "%.2fx", at32->cpu / prev->cpu);
        md << " | " << buf;
        if (d.peak_flops > 0 && d.flops_b32 > 0)
            std::snprintf(buf, sizeof buf, "%.1f%%", 100 * at32->cpu * d.flops_b32 / d.peak_flops);
        md << " | " << buf << " |\n";
        if (ladder) prev = at32;
    }
    md << "\nsamples per CPU second (M = million, k = thousand); speed-up over the rung above; of peak = "
          "samples/s x FLOP a sample / the measured FMA peak.\n\n";
    auto ratio = [&](const std::string& a, const std::string& b, std::size_t B) -> std::string {
        const BenchRow *x = find(d, a, B), *y = find(d, b, B);
        if (!x || !y || y->cpu <= 0) return "n/a";
        char buf[32];
        std::snprintf(buf, sizeof buf, "%.1fx", x->cpu / y->cpu);
        return buf;
    };
    md << "| the top rung (7.5) against | B = 32 | B = 1 |\n|---|--:|--:|\n";
    for (const auto& [impl, name] : std::vector<std::pair<std::string, std::string>>{
             {"torch-autograd", "PyTorch, autograd + optim.SGD"},
             {"torch-manual", "PyTorch, hand-written backward"},
             {"numpy", "numpy"},
             {"rung0", "rung 0, the readable version"},
             {"blas-only", "the five BLAS calls alone, kernels as the environment sets"},
             {"blas-auto", "the five BLAS calls alone, OpenBLAS's own choice of kernels"},
             {"blas-best", "the five BLAS calls alone, the best kernels for this CPU"}})
        md << "| " << name << " | " << ratio("rung5", impl, 32) << " | " << ratio("rung5", impl, 1) << " |\n";
    if (d.peak_flops > 0) {
        md << "\nThe roof: " << (d.peak_label.empty() ? "the measured FMA peak" : d.peak_label) << ", "
           << std::round(d.peak_flops / 1e8) / 10 << " GFLOP per CPU second on one core; at " << std::round(d.flops_b32)
           << " FLOP a sample (B = 32) that is " << fmt_rate(d.peak_flops / d.flops_b32) << " samples/s.";
        if (d.peak_avx2_flops > 0)
            md << " With AVX2 only, the same core reaches " << std::round(d.peak_avx2_flops / 1e8) / 10
               << " GFLOP/s (" << fmt_rate(d.peak_avx2_flops / d.flops_b32) << " samples/s): the second, lower roof.";
        md << "\n";
    }
    md << "\n";
    for (const auto& n : d.notes) md << "    " << n << "\n";
    return md.str();
}

}  // namespace ch7
