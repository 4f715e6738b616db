#include "web/level_chart.h"

#include <libxml/xmlwriter.h>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "util/time.h"

namespace journeyer::web {

namespace {

constexpr double kWidth = 720, kHeight = 300;
constexpr double kLeft = 64, kRight = 150, kTop = 16, kBottom = 44;
// Distinct line colours (ColorBrewer "Dark2"), by level above the lowest.
const char* const kLineColours[] = {"#1b9e77", "#d95f02", "#7570b3", "#e7298a", "#66a61e", "#e6ab02"};

std::string fixed(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

std::string when_text(model::UnixTime t, bool with_time) {
  return format_utc(t, with_time ? "%Y-%m-%d %H:%M" : "%Y-%m-%d");
}

// The writer's calls return -1 on failure; the first failure is kept.
class Svg {
 public:
  Svg() : buffer_(xmlBufferCreate()), w_(buffer_ ? xmlNewTextWriterMemory(buffer_, 0) : nullptr) {}
  ~Svg() {
    if (w_) xmlFreeTextWriter(w_);
    if (buffer_) xmlBufferFree(buffer_);
  }
  Svg(const Svg&) = delete;
  Svg& operator=(const Svg&) = delete;

  bool ok() const { return w_ && ok_; }
  void check(int rc) { ok_ = ok_ && rc >= 0; }
  void start(const char* name) { check(xmlTextWriterStartElement(w_, x(name))); }
  void attr(const char* name, const std::string& value) {
    check(xmlTextWriterWriteAttribute(w_, x(name), x(value.c_str())));
  }
  void text(const std::string& value) { check(xmlTextWriterWriteString(w_, x(value.c_str()))); }
  void end() { check(xmlTextWriterEndElement(w_)); }
  void begin_document() { check(xmlTextWriterStartDocument(w_, nullptr, "UTF-8", nullptr)); }
  Result<std::string> finish() {
    check(xmlTextWriterEndDocument(w_));
    if (!ok()) return Error::internal("libxml2 could not write the chart");
    xmlFreeTextWriter(w_);  // flushes into the buffer
    w_ = nullptr;
    return std::string(reinterpret_cast<const char*>(xmlBufferContent(buffer_)),
                       static_cast<std::size_t>(xmlBufferLength(buffer_)));
  }
  void line(double x1, double y1, double x2, double y2, const char* stroke) {
    start("line");
    attr("x1", fixed(x1));
    attr("y1", fixed(y1));
    attr("x2", fixed(x2));
    attr("y2", fixed(y2));
    attr("stroke", stroke);
    end();
  }
  void label(double x0, double y0, const std::string& s, const char* anchor, const char* css_class = nullptr) {
    start("text");
    attr("x", fixed(x0));
    attr("y", fixed(y0));
    attr("text-anchor", anchor);
    if (css_class) attr("class", css_class);
    text(s);
    end();
  }

 private:
  static const xmlChar* x(const char* s) { return reinterpret_cast<const xmlChar*>(s); }
  xmlBufferPtr buffer_;
  xmlTextWriterPtr w_;
  bool ok_ = true;
};

}  // namespace

Result<std::string> level_chart_svg(const std::vector<LevelPoint>& points, const std::vector<std::string>& level_names) {
  Svg svg;
  if (!svg.ok()) return Error::internal("libxml2 could not start a chart");
  const double plot_w = kWidth - kLeft - kRight, plot_h = kHeight - kTop - kBottom;
  model::UnixTime t0 = points.empty() ? 0 : points.front().when;
  model::UnixTime t1 = points.empty() ? 0 : points.back().when;
  std::int64_t top = 1;
  for (const auto& p : points)
    for (std::size_t l = 1; l < p.members.size() && l < level_names.size(); ++l) top = std::max(top, p.members[l]);
  auto px = [&](std::size_t i, model::UnixTime t) {
    if (t1 > t0) return kLeft + plot_w * static_cast<double>(t - t0) / static_cast<double>(t1 - t0);
    // All at one moment: spread them evenly instead.
    return points.size() > 1 ? kLeft + plot_w * static_cast<double>(i) / static_cast<double>(points.size() - 1)
                             : kLeft + plot_w / 2;
  };
  auto py = [&](std::int64_t v) { return kTop + plot_h * (1.0 - static_cast<double>(v) / static_cast<double>(top)); };

  svg.begin_document();
  svg.start("svg");
  svg.attr("xmlns", "http://www.w3.org/2000/svg");
  svg.attr("width", fixed(kWidth));
  svg.attr("height", fixed(kHeight));
  svg.attr("viewBox", "0 0 " + fixed(kWidth) + " " + fixed(kHeight));
  svg.attr("role", "img");
  svg.attr("font-family", "sans-serif");
  svg.attr("font-size", "12");
  svg.start("title");
  svg.text("Members per level after each computation of the levels");
  svg.end();
  svg.start("rect");
  svg.attr("width", "100%");
  svg.attr("height", "100%");
  svg.attr("fill", "white");
  svg.end();
  // Axes and the value scale.
  svg.line(kLeft, kTop, kLeft, kTop + plot_h, "#555");
  svg.line(kLeft, kTop + plot_h, kLeft + plot_w, kTop + plot_h, "#555");
  for (std::int64_t v : {std::int64_t{0}, top / 2, top}) {
    svg.line(kLeft - 4, py(v), kLeft + plot_w, py(v), v == 0 ? "#555" : "#e3e3e3");
    svg.label(kLeft - 8, py(v) + 4, std::to_string(v), "end");
  }
  if (!points.empty()) {
    bool with_time = t1 - t0 < 2 * 86400;
    svg.label(kLeft, kTop + plot_h + 18, when_text(t0, with_time), "start", "from");
    if (points.size() > 1) svg.label(kLeft + plot_w, kTop + plot_h + 18, when_text(t1, with_time), "end", "to");
  }
  svg.label(kLeft + plot_w / 2, kHeight - 6,
            std::to_string(points.size()) + (points.size() == 1 ? " computation" : " computations") + ", UTC",
            "middle");
  // One line per level above the lowest, and its name in the legend.
  for (std::size_t l = 1; l < level_names.size(); ++l) {
    const char* colour = kLineColours[(l - 1) % (sizeof kLineColours / sizeof kLineColours[0])];
    std::string path;
    for (std::size_t i = 0; i < points.size(); ++i) {
      std::int64_t v = l < points[i].members.size() ? points[i].members[l] : 0;
      if (!path.empty()) path += ' ';
      path += fixed(px(i, points[i].when));
      path += ',';
      path += fixed(py(v));
    }
    if (points.size() == 1) {
      svg.start("circle");
      svg.attr("cx", fixed(px(0, t0)));
      svg.attr("cy", fixed(py(l < points[0].members.size() ? points[0].members[l] : 0)));
      svg.attr("r", "4");
      svg.attr("fill", colour);
      svg.end();
    } else if (!points.empty()) {
      svg.start("polyline");
      svg.attr("points", path);
      svg.attr("fill", "none");
      svg.attr("stroke", colour);
      svg.attr("stroke-width", "2");
      svg.attr("class", "level-line");
      svg.end();
    }
    double ly = kTop + 14 + 20 * static_cast<double>(level_names.size() - 1 - l);
    svg.line(kLeft + plot_w + 12, ly - 4, kLeft + plot_w + 32, ly - 4, colour);
    std::int64_t last = points.empty() || l >= points.back().members.size() ? 0 : points.back().members[l];
    svg.label(kLeft + plot_w + 38, ly, level_names[l] + " (" + std::to_string(last) + ")", "start", "legend");
  }
  svg.end();  // svg
  return svg.finish();
}

}  // namespace journeyer::web
