import {escapeText} from './src/render/escape.js'
for (const t of ['# x', '&#35;', '12. a', '12\n*', '1)\n2.', '-   \n- ', 'www.<img src=x>', 'a@b.co<i>', 'HTTPS://x', 'a_b _c d_', ' x \ny', '&amp; &x', 'a]b'])
  console.log(JSON.stringify(t), JSON.stringify(escapeText(t)))
