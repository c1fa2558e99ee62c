#include "workbook/plot.hpp"

#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <sstream>
#include <utility>

#include <gnuplot-iostream.h>

namespace wb::plot {
namespace fs = std::filesystem;

std::string plots_dir() {
    if (const char* d = std::getenv("WB_PLOTS_DIR")) return d;
    return std::string(WB_SOURCE_DIR) + "/plots";
}

std::string find_gnuplot() {
    if (const char* g = std::getenv("WB_GNUPLOT")) return (*g && ::access(g, X_OK) == 0) ? g : "";
    const char* path = std::getenv("PATH");
    std::stringstream ss(path ? path : "/usr/bin:/bin");
    std::string dir;
    while (std::getline(ss, dir, ':')) {
        const std::string candidate = (dir.empty() ? "." : dir) + "/gnuplot";
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    }
    return "";
}

namespace {
std::string quote(const std::string& s) {  // a gnuplot string literal
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    return out + "\"";
}

void write_csv(const Figure& fig, const fs::path& file) {
    std::ofstream out(file);
    out << "series,x,y\n" << std::setprecision(17);
    for (const auto& s : fig.series)
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) out << quote(s.title) << "," << s.x[i] << "," << s.y[i] << "\n";
}

void emit(Gnuplot& gp, const Figure& fig, const std::string& terminal, const fs::path& out) {
    gp << "set terminal " << terminal << "\n";
    gp << "set output " << quote(out.string()) << "\n";
    gp << "set title " << quote(fig.title) << "\n";
    gp << "set xlabel " << quote(fig.xlabel) << "\nset ylabel " << quote(fig.ylabel) << "\n";
    // A solid grid that survives a projector (gnuplot's default grid is a faint dotted line), and
    // dark, colour-blind-safe line colours (Okabe-Ito) instead of gnuplot's yellow and pale blue.
    gp << "set grid lt 1 lw 1.5 lc rgb '#c8c8c8' dt solid\nset key box opaque\nset border lw 1.5\n";
    static const char* colours[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"};
    for (int i = 0; i < 7; ++i) gp << "set linetype " << i + 1 << " lc rgb '" << colours[i] << "'\n";
    gp << "set linetype cycle 7\n";
    gp << (fig.logx ? "set logscale x\n" : "unset logscale x\n");
    gp << (fig.logy ? "set logscale y\n" : "unset logscale y\n");
    for (const auto& c : fig.extra) gp << c << "\n";
    gp << "plot ";
    for (std::size_t i = 0; i < fig.series.size(); ++i) {
        if (i) gp << ", ";
        gp << "'-' with " << fig.series[i].with << " lw 3 title " << quote(fig.series[i].title);
    }
    gp << "\n";
    for (const auto& s : fig.series) {
        std::vector<std::pair<double, double>> pts;
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) pts.emplace_back(s.x[i], s.y[i]);
        gp.send1d(pts);
    }
    gp << "unset output\n";
}
}  // namespace

bool save(const Figure& fig, const std::string& dir) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        std::cerr << "plots: cannot create " << dir << ": " << ec.message() << "; skipping " << fig.name << "\n";
        return false;
    }
    const fs::path base = fs::path(dir) / fig.name;
    write_csv(fig, base.string() + ".csv");
    const std::string gnuplot = find_gnuplot();
    if (gnuplot.empty()) {
        std::cerr << "plots: gnuplot not found (install it: apt-get install gnuplot-nox); wrote only the data "
                  << base.string() << ".csv, not the .png/.svg\n";
        return false;
    }
    std::signal(SIGPIPE, SIG_IGN);  // a gnuplot that dies must not take the program with it
    const fs::path errlog = base.string() + ".gnuplot.log";
    {
        Gnuplot gp("'" + gnuplot + "' 2>'" + errlog.string() + "'");
        emit(gp, fig, "pngcairo size 1600,1000 enhanced font 'DejaVu Sans,22'", base.string() + ".png");
        emit(gp, fig, "svg size 1200,750 dynamic enhanced font 'DejaVu Sans,16'", base.string() + ".svg");
        gp << "exit\n";
    }
    std::ifstream log(errlog);
    std::stringstream problems;
    problems << log.rdbuf();
    fs::remove(errlog, ec);
    if (!problems.str().empty()) {
        std::cerr << "plots: gnuplot reported problems with " << fig.name << ":\n" << problems.str();
        return false;
    }
    if (!fs::exists(base.string() + ".png") || !fs::exists(base.string() + ".svg")) {
        std::cerr << "plots: gnuplot did not write " << base.string() << ".png/.svg\n";
        return false;
    }
    std::cout << "plots: wrote " << base.string() << ".png and .svg\n";
    return true;
}

}  // namespace wb::plot
