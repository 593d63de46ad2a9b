#pragma once
// A picture of a widget with the VTK views inside it. QWidget::grab() cannot see the views (they
// draw into native OpenGL windows), so each view's own frame is painted over its place.

#include <QImage>

class QWidget;

namespace mf::render {

QImage grabWithViewports(QWidget* widget);

}  // namespace mf::render
