// JsBarcode's Code 128 encoder on its own: the package entry also pulls in every other
// symbology and the DOM renderers (66 KB minified), which a mini-program cannot use.
declare module 'jsbarcode/bin/barcodes/CODE128' {
  export class CODE128 {
    constructor(data: string, options: object)
    valid(): boolean
    encode(): { data: string; text: string }
  }
}
