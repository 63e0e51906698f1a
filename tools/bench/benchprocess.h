#pragma once

// What both load generators ask of their own process.
namespace chatbench {

// CPU time this process has used so far (user + system), in milliseconds.
double cpuMs();
// Raises the soft limit on open files to the hard one: a generator holds one per stream.
void raiseFileLimit();

} // namespace chatbench
