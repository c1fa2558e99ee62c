// Plots for slides: gnuplot (through gnuplot-iostream), headless, PNG (pngcairo) and SVG.
//
//   wb::plot::Figure fig{"ch03_loss", "Chapter 3: training loss", "iteration", "loss L(W)"};
//   fig.series.push_back({"eta = 0.5", iters, losses});
//   wb::plot::save(fig);   // plots/ch03_loss.png, .svg and .csv (the data, 17 digits)
//
// One style for every figure (size, font, line width, grid) so that they sit together on slides.
// The CSV is written always; where gnuplot is missing, save() prints one clear message naming the
// package to install, returns false, and the program goes on.
#pragma once
#include <string>
#include <vector>

namespace wb::plot {

struct Series {
    std::string title;
    std::vector<double> x, y;
    std::string with = "lines";  // gnuplot style: "lines", "points", "linespoints"
};

struct Figure {
    std::string name;    // file stem in plots/: "ch01_sigmoid"
    std::string title;   // shown above the plot
    std::string xlabel, ylabel;
    std::vector<Series> series;
    bool logx = false, logy = false;
    std::vector<std::string> extra;  // more gnuplot commands (set yrange [0:1], set key left, ...)
};

std::string plots_dir();    // $WB_PLOTS_DIR, else the project's plots/
std::string find_gnuplot(); // the gnuplot executable ($WB_GNUPLOT or on PATH), "" if none
bool save(const Figure& fig, const std::string& dir = plots_dir());

}  // namespace wb::plot
