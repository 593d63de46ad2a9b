#include "render/widget_grab.hpp"

#include "render/vtk_viewport.hpp"

#include <QPainter>
#include <QWidget>

namespace mf::render {

QImage grabWithViewports(QWidget* widget) {
  QImage image = widget->grab().toImage();
  QPainter painter(&image);
  for (VtkViewport* viewport : widget->findChildren<VtkViewport*>()) {
    if (!viewport->isVisible()) continue;
    const QImage frame = viewport->grabFramebuffer();
    if (frame.isNull()) continue;
    const QRect target(viewport->mapTo(widget, QPoint(0, 0)), viewport->size());
    painter.drawImage(target, frame);
  }
  return image;
}

}  // namespace mf::render
