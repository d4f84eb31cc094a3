// setupFiles of the `handlers-cloud` jest project (only defined when TCB credentials are set).
process.env.HUIKA_HANDLER_TARGET = 'cloud'
