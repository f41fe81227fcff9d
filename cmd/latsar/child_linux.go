package main

import (
	"os/exec"
	"syscall"
)

// diesWithParent has the kernel kill cmd when the server that started it
// dies (kill -9 included), so a build never outlives its server and races
// the next server's own.
func diesWithParent(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
}

// runsBelow lowers the child's scheduling priority (nice 10) so that the
// server's requests come first on a busy machine.
func runsBelow(pid int) { _ = syscall.Setpriority(syscall.PRIO_PROCESS, pid, 10) }
