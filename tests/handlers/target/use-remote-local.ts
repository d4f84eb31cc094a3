// setupFiles of the `handlers-remote` jest project: the handler tests on the cloud path, against a local store.
process.env.HUIKA_HANDLER_TARGET = 'remote-local'
