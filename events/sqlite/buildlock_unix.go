//go:build unix

package sqlite

import (
	"errors"
	"os"

	"golang.org/x/sys/unix"
)

// lockStreamCopyBuild takes the lock of builds of the copy at path: an
// flock on path.lock, which the kernel lets go when the holder exits, even
// killed. Without it a build by hand (`latsar stream-copy`) beside the
// server's own child would write the same staging files, and the server,
// stopping, would remove the files of a build it did not start.
func lockStreamCopyBuild(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path+".lock", os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := unix.Flock(int(f.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, unix.EWOULDBLOCK) {
			return nil, ErrStreamCopyBusy
		}
		return nil, err
	}
	// The lock file stays: removing it would let a later build lock a new
	// file while an earlier one still holds the old.
	return func() { f.Close() }, nil
}
