// LEMON peer driver (our code against LEMON 1.3's public API).
//
// Usage: lemon_peer sp|mcf|mcf-cs|mcf-cap|maxflow FILE [--sources 1,2,3] [--repeat R]
//   sp:      Dijkstra on a StaticDigraph (CSR) built from a DIMACS `p sp` file; times dijkstra.run(s).
//   mcf:     NetworkSimplex (default block-search pivot) on a DIMACS `p min` file read by
//            lemon::readDimacsMin; times constructing the solver, setting its maps and run().
//   mcf-cs:  CostScaling (default: partial augment-relabel, alpha 16), same protocol.
//   mcf-cap: CapacityScaling (default scaling factor 4), same protocol.
//   maxflow: Preflow on a DIMACS `p max` file read by lemon::readDimacsMax; times construction + run()
//            (both phases: a full feasible flow, like the other tools).
// One untimed run gives the answer, then R timed runs (mcf with R = 0: the answer run is timed).
// Prints one JSON line like the Python drivers.
#include <lemon/dijkstra.h>
#include <lemon/dimacs.h>
#include <lemon/capacity_scaling.h>
#include <lemon/cost_scaling.h>
#include <lemon/network_simplex.h>
#include <lemon/preflow.h>
#include <lemon/smart_graph.h>
#include <lemon/static_graph.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <numeric>
#include <sstream>
#include <string>
#include <time.h>
#include <utility>
#include <vector>

using namespace lemon;
using Clock = std::chrono::steady_clock;

static double seconds_since(Clock::time_point a) {
  return std::chrono::duration<double>(Clock::now() - a).count();
}

// CPU time of this process (the solvers are single-threaded): robust against other jobs on the machine.
static double cpu_seconds() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static void print_result(const std::string& answer, const std::vector<double>& times, double parse_s,
                         double build_s, const std::vector<double>& cpu = {}, const char* tool = "lemon") {
  std::printf("{\"tool\": \"%s\", \"answer\": \"%s\", \"times_s\": [", tool, answer.c_str());
  for (size_t i = 0; i < times.size(); ++i) std::printf("%s%.9f", i ? ", " : "", times[i]);
  std::printf("], ");
  if (!cpu.empty()) {
    std::printf("\"cpu_s\": [");
    for (size_t i = 0; i < cpu.size(); ++i) std::printf("%s%.9f", i ? ", " : "", cpu[i]);
    std::printf("], ");
  }
  std::printf("\"parse_s\": %.6f, \"build_s\": %.6f}\n", parse_s, build_s);
}

// A fast reader for `p sp N M` / `a u v w` (iostreams take seconds on the 4M-arc grid; never timed anyway).
static bool read_sp(const char* path, int& n, std::vector<int>& tails, std::vector<int>& heads,
                    std::vector<long long>& weights) {
  FILE* f = std::fopen(path, "rb");
  if (!f) return false;
  std::fseek(f, 0, SEEK_END);
  long size = std::ftell(f);
  std::fseek(f, 0, SEEK_SET);
  std::string buf(size, '\0');
  if (std::fread(&buf[0], 1, size, f) != (size_t)size) return false;
  std::fclose(f);
  const char* p = buf.c_str();
  const char* end = p + size;
  auto next_int = [&](const char*& q) {
    while (q < end && (*q == ' ' || *q == '\t')) ++q;
    long long v = 0;
    while (q < end && *q >= '0' && *q <= '9') v = v * 10 + (*q++ - '0');
    return v;
  };
  n = 0;
  while (p < end) {
    const char* line_end = (const char*)std::memchr(p, '\n', end - p);
    if (!line_end) line_end = end;
    if (*p == 'a') {
      const char* q = p + 1;
      tails.push_back((int)next_int(q) - 1);
      heads.push_back((int)next_int(q) - 1);
      weights.push_back(next_int(q));
    } else if (*p == 'p') {
      const char* q = p + 1;
      while (q < line_end && (*q == ' ' || (*q >= 'a' && *q <= 'z'))) ++q;
      n = (int)next_int(q);
      long long m = next_int(q);
      tails.reserve(m);
      heads.reserve(m);
      weights.reserve(m);
    }
    p = line_end + 1;
  }
  return n > 0;
}

static int run_sp(const char* path, const std::vector<int>& sources, int repeat) {
  auto t0 = Clock::now();
  int n;
  std::vector<int> tails, heads;
  std::vector<long long> weights;
  if (!read_sp(path, n, tails, heads, weights)) {
    std::fprintf(stderr, "lemon_peer: cannot read %s\n", path);
    return 66;
  }
  double parse_s = seconds_since(t0);
  auto t1 = Clock::now();
  // StaticDigraph::build wants arcs sorted by source; arc i of the graph is the i-th of that order.
  std::vector<int> order(tails.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](int a, int b) { return tails[a] < tails[b]; });
  std::vector<std::pair<int, int>> arcs(order.size());
  for (size_t i = 0; i < order.size(); ++i) arcs[i] = {tails[order[i]], heads[order[i]]};
  StaticDigraph g;
  g.build(n, arcs.begin(), arcs.end());
  StaticDigraph::ArcMap<long long> length(g);
  for (size_t i = 0; i < order.size(); ++i) length[g.arc(i)] = weights[order[i]];
  Dijkstra<StaticDigraph, StaticDigraph::ArcMap<long long>> dijkstra(g, length);
  double build_s = seconds_since(t1);

  long long reachable = 0, sum = 0;
  for (int s : sources) {  // untimed first pass: the answer
    dijkstra.run(g.node(s - 1));
    for (StaticDigraph::NodeIt v(g); v != INVALID; ++v)
      if (dijkstra.reached(v)) {
        ++reachable;
        sum += dijkstra.dist(v);
      }
  }
  std::vector<double> times;
  for (int r = 0; r < repeat; ++r)
    for (int s : sources) {
      auto a = Clock::now();
      dijkstra.run(g.node(s - 1));
      times.push_back(seconds_since(a));
    }
  std::ostringstream answer;
  answer << "reachable=" << reachable << " sum=" << sum;
  print_result(answer.str(), times, parse_s, build_s);
  return 0;
}

// One min-cost-flow solve with a LEMON algorithm class: construct, set the maps, run.
template <typename Algorithm>
static std::string solve_mcf(const SmartDigraph& g, const SmartDigraph::ArcMap<long long>& lower,
                             const SmartDigraph::ArcMap<long long>& capacity, const SmartDigraph::ArcMap<long long>& cost,
                             const SmartDigraph::NodeMap<long long>& supply) {
  Algorithm alg(g);
  alg.lowerMap(lower).upperMap(capacity).costMap(cost).supplyMap(supply);
  auto status = alg.run();
  if (status == Algorithm::OPTIMAL) return "cost=" + std::to_string(alg.template totalCost<long long>());
  if (status == Algorithm::INFEASIBLE) return "infeasible";
  return "unbounded";
}

static int run_mcf(const char* path, int repeat, const std::string& algorithm) {
  auto t0 = Clock::now();
  std::ifstream in(path);
  if (!in) return 66;
  SmartDigraph g;
  SmartDigraph::ArcMap<long long> lower(g), capacity(g), cost(g);
  SmartDigraph::NodeMap<long long> supply(g);
  readDimacsMin(in, g, lower, capacity, cost, supply);
  double parse_s = seconds_since(t0);
  std::string answer;
  std::vector<double> times, cpu;
  for (int r = 0; r <= repeat; ++r) {
    auto a = Clock::now();
    double c = cpu_seconds();
    std::string res;
    if (algorithm == "cs")
      res = solve_mcf<CostScaling<SmartDigraph, long long, long long>>(g, lower, capacity, cost, supply);
    else if (algorithm == "cap")
      res = solve_mcf<CapacityScaling<SmartDigraph, long long, long long>>(g, lower, capacity, cost, supply);
    else
      res = solve_mcf<NetworkSimplex<SmartDigraph, long long, long long>>(g, lower, capacity, cost, supply);
    double dc = cpu_seconds() - c;
    double dt = seconds_since(a);
    if (r == 0) answer = res;
    if (r > 0 || repeat == 0) {  // --repeat 0: the answer run is the timed run
      times.push_back(dt);
      cpu.push_back(dc);
      if (res != answer) answer = "unstable";
    }
  }
  const char* tool = algorithm == "cs" ? "lemon-cs" : algorithm == "cap" ? "lemon-cap" : "lemon";
  print_result(answer, times, parse_s, 0, cpu, tool);
  return 0;
}

static int run_maxflow(const char* path, int repeat) {
  auto t0 = Clock::now();
  std::ifstream in(path);
  if (!in) return 66;
  SmartDigraph g;
  SmartDigraph::ArcMap<long long> capacity(g);
  SmartDigraph::Node s, t;
  readDimacsMax(in, g, capacity, s, t);
  double parse_s = seconds_since(t0);
  std::string answer;
  std::vector<double> times;
  for (int r = 0; r <= repeat; ++r) {
    auto a = Clock::now();
    Preflow<SmartDigraph, SmartDigraph::ArcMap<long long>> preflow(g, capacity, s, t);
    preflow.run();
    double dt = seconds_since(a);
    std::string res = "flow=" + std::to_string(preflow.flowValue());
    if (r == 0)
      answer = res;
    else {
      times.push_back(dt);
      if (res != answer) answer = "unstable";
    }
  }
  print_result(answer, times, parse_s, 0);
  return 0;
}

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: lemon_peer sp|mcf|mcf-cs|mcf-cap|maxflow FILE [--sources 1,2] [--repeat R]\n");
    return 64;
  }
  std::string family = argv[1];
  const char* path = argv[2];
  std::vector<int> sources{1};
  int repeat = 3;
  for (int i = 3; i + 1 < argc; i += 2) {
    std::string flag = argv[i];
    if (flag == "--repeat") {
      repeat = std::atoi(argv[i + 1]);
    } else if (flag == "--sources") {
      sources.clear();
      std::stringstream ss(argv[i + 1]);
      std::string item;
      while (std::getline(ss, item, ',')) sources.push_back(std::atoi(item.c_str()));
    }
  }
  if (family == "sp") return run_sp(path, sources, repeat);
  if (family == "mcf") return run_mcf(path, repeat, "ns");
  if (family == "mcf-cs") return run_mcf(path, repeat, "cs");
  if (family == "mcf-cap") return run_mcf(path, repeat, "cap");
  if (family == "maxflow") return run_maxflow(path, repeat);
  return 64;
}
