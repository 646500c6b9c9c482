package main

import (
	"context"
	"errors"
	"io"
)

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("backup: not implemented yet")
}

func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	return errors.New("restore: not implemented yet")
}
