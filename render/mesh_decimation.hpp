#pragma once
// Fewer triangles for the same shape, for views that draw many cells at once: VTK's quadric
// decimation (Garland–Heckbert), then fresh point normals. Safe on a worker thread.

#include <vtkSmartPointer.h>

class vtkPolyData;

namespace mf::render {

// A copy of `surface` with about `targetTriangles` triangles (the surface itself when it has
// no more than that).
vtkSmartPointer<vtkPolyData> decimate(vtkPolyData* surface, long long targetTriangles);

}  // namespace mf::render
