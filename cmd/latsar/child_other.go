//go:build !linux

package main

import "os/exec"

// diesWithParent is Linux's parent-death signal; elsewhere a child of a
// server killed hard finishes (or fails) on its own.
func diesWithParent(*exec.Cmd) {}

// runsBelow leaves the child's priority as it is outside Linux.
func runsBelow(int) {}
