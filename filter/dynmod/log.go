package main

/*
#include "abi.h"
*/
import "C"

import (
	"bytes"
	"context"
	"log/slog"
	"sync"
)

// envoyHandler sends slog records to Envoy's own log, under the dynamic_modules logger id.
type envoyHandler struct {
	mu   *sync.Mutex
	buf  *bytes.Buffer
	text slog.Handler
}

func installLogger() {
	buf := &bytes.Buffer{}
	h := &envoyHandler{mu: &sync.Mutex{}, buf: buf, text: slog.NewTextHandler(buf, &slog.HandlerOptions{
		Level: slog.LevelDebug,
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == slog.LevelKey {
				return slog.Attr{}
			}
			return a
		},
	})}
	slog.SetDefault(slog.New(h))
}

func envoyLevel(l slog.Level) C.envoy_dynamic_module_type_log_level {
	switch {
	case l >= slog.LevelError:
		return C.envoy_dynamic_module_type_log_level_Error
	case l >= slog.LevelWarn:
		return C.envoy_dynamic_module_type_log_level_Warn
	case l >= slog.LevelInfo:
		return C.envoy_dynamic_module_type_log_level_Info
	}
	return C.envoy_dynamic_module_type_log_level_Debug
}

func (h *envoyHandler) Enabled(_ context.Context, l slog.Level) bool {
	return bool(C.envoy_dynamic_module_callback_log_enabled(envoyLevel(l)))
}

func (h *envoyHandler) Handle(ctx context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.buf.Reset()
	if err := h.text.Handle(ctx, r); err != nil {
		return err
	}
	msg := bytes.TrimRight(h.buf.Bytes(), "\n")
	C.envoy_dynamic_module_callback_log(envoyLevel(r.Level), moduleBuffer(msg))
	return nil
}

func (h *envoyHandler) WithAttrs(as []slog.Attr) slog.Handler {
	return &envoyHandler{mu: h.mu, buf: h.buf, text: h.text.WithAttrs(as)}
}

func (h *envoyHandler) WithGroup(name string) slog.Handler {
	return &envoyHandler{mu: h.mu, buf: h.buf, text: h.text.WithGroup(name)}
}
