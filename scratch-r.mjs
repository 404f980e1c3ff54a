import {unified} from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'
import remarkMath from 'remark-math'
import remarkRehype from 'remark-rehype'
import rehypeRaw from 'rehype-raw'
import rehypeStringify from 'rehype-stringify'
const p = unified().use(remarkParse).use(remarkGfm).use(remarkMath)
const h = unified().use(remarkParse).use(remarkGfm).use(remarkMath).use(remarkRehype,{allowDangerousHtml:true}).use(rehypeRaw).use(rehypeStringify)
for (const s of process.argv.slice(2)) {
  const md = s.replace(/\\n/g, '\n')
  console.log(JSON.stringify(md), '=>', String(h.processSync(md)).trim())
}
