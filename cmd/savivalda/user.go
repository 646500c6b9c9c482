package main

import (
	"context"
	"errors"
	"io"
)

func runUser(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	return errors.New("user: not implemented yet")
}
