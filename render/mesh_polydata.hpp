#pragma once
// Core triangle meshes as VTK poly data, with point normals for smooth shading. Safe to call
// on a worker thread (nothing here touches a render window).

#include "core/io/triangle_mesh.hpp"

#include <vtkSmartPointer.h>

class vtkPolyData;

namespace mf::render {

vtkSmartPointer<vtkPolyData> toPolyData(const io::TriangleMesh& mesh);

}  // namespace mf::render
